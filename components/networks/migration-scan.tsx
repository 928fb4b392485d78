'use client';
/** Fleet scan: how many VMs cannot live-migrate because of their network, linked to that list. */
import Link from 'next/link';
import { useTranslation } from 'react-i18next';
import type { SiteVms } from '@/lib/k8s/hooks/use-site-vms';
import { objectKey } from '@/lib/k8s/types';
import { vmNetworkBlocksMigration } from '@/lib/network/vm-scan';
import { routes } from '@/lib/routes';

export function MigrationScan({ sites }: { sites: SiteVms[] }) {
  const { t } = useTranslation('network');
  let n = 0;
  for (const s of sites)
    for (const vm of s.vms.items.values())
      if (vmNetworkBlocksMigration(vm, s.vmis.items.get(objectKey(vm)))) n++;
  return (
    <p className="mx-5 mt-3 text-[13px]" data-testid="net-migration-scan">
      {n === 0 ? (
        <span className="text-slate-600 dark:text-slate-400">{t('page.scanNone')}</span>
      ) : (
        <Link
          href={routes.vmsNetBlocked()}
          className="font-medium text-amber-800 hover:underline dark:text-amber-300"
        >
          {t('page.scan', { count: n })}
        </Link>
      )}
    </p>
  );
}
