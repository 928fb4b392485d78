'use client';
/** Left navigation: VMs first; pages not built yet are still listed (they explain themselves). */
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import type { ComponentType, SVGProps } from 'react';
import { useTranslation } from 'react-i18next';
import { routes } from '@/lib/routes';
import { IconDisk, IconGrid, IconMigrate, IconNetwork, IconNode, IconServer, IconWall } from '../ui/icons';

interface NavItem {
  key: string;
  href: string;
  icon: ComponentType<SVGProps<SVGSVGElement>>;
}

const SECTIONS: { key: string; items: NavItem[] }[] = [
  { key: 'fleet', items: [{ key: 'overview', href: routes.home(), icon: IconGrid }] },
  {
    key: 'virtualization',
    items: [
      { key: 'vms', href: routes.vms(), icon: IconServer },
      { key: 'dataVolumes', href: routes.dataVolumes(), icon: IconDisk },
      { key: 'networks', href: routes.networks(), icon: IconNetwork },
      { key: 'migrations', href: routes.migrations(), icon: IconMigrate },
    ],
  },
  { key: 'infrastructure', items: [{ key: 'nodes', href: routes.nodes(), icon: IconNode }] },
  { key: 'operations', items: [{ key: 'noc', href: routes.noc(), icon: IconWall }] },
];

export function SideNav() {
  const { t } = useTranslation('shell');
  const pathname = usePathname();
  return (
    <nav aria-label={t('nav.label')} className="flex w-52 shrink-0 flex-col gap-4 border-r border-slate-200 bg-slate-50 px-2 py-3 dark:border-slate-800 dark:bg-slate-900/60">
      {SECTIONS.map((section) => (
        <div key={section.key}>
          <div className="px-2 pb-1 text-[11px] font-semibold tracking-wider text-slate-500 uppercase dark:text-slate-500">{t(`nav.section.${section.key}`)}</div>
          <ul className="flex flex-col gap-0.5">
            {section.items.map(({ key, href, icon: Icon }) => {
              const active = pathname === href || (href !== '/' && pathname.startsWith(`${href}/`));
              return (
                <li key={key}>
                  {/* No prefetch: on a slow WAN link the frame's links would fetch every page's
                      payload at load, ahead of the lists the user opened this page for. */}
                  <Link
                    href={href}
                    prefetch={false}
                    aria-current={active ? 'page' : undefined}
                    className={`flex h-8 items-center gap-2.5 rounded-md px-2 text-[13px] ${
                      active
                        ? 'bg-blue-600/10 font-semibold text-blue-800 dark:bg-blue-500/15 dark:text-blue-200'
                        : 'text-slate-700 hover:bg-slate-200/70 dark:text-slate-300 dark:hover:bg-slate-800'
                    }`}
                  >
                    <Icon />
                    {t(`nav.${key}`)}
                  </Link>
                </li>
              );
            })}
          </ul>
        </div>
      ))}
    </nav>
  );
}
