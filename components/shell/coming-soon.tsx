'use client';
/** Placeholder page for navigation entries planned for a later release. */
import Link from 'next/link';
import { useTranslation } from 'react-i18next';
import { routes } from '@/lib/routes';
import { buttonClasses } from '../ui/button';
import { EmptyState } from '../ui/empty-state';
import { IconWall } from '../ui/icons';

export function ComingSoon({ page }: { page: 'dataVolumes' | 'networks' | 'migrations' | 'nodes' | 'noc' }) {
  const { t } = useTranslation('shell');
  const title = t(`nav.${page}`);
  return (
    <div className="flex-1 overflow-auto">
      <div className="border-b border-slate-200 px-5 py-3 dark:border-slate-800">
        <h1 className="text-lg font-semibold text-slate-900 dark:text-slate-50">{title}</h1>
      </div>
      <div data-testid="coming-soon">
        <EmptyState
          icon={<IconWall width={24} height={24} />}
          title={t('comingSoon.title', { page: title })}
          actions={
            <Link className={buttonClasses('primary')} href={routes.vms()}>
              {t('comingSoon.back')}
            </Link>
          }
        >
          {t('comingSoon.body')}
        </EmptyState>
      </div>
    </div>
  );
}
