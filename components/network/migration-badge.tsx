'use client';
/** "live-migratable" or "blocks live migration: reason", from lib/network's verdict. */
import { useTranslation } from 'react-i18next';

export function MigrationBadge({ block }: { block: string | undefined }) {
  const { t } = useTranslation('network');
  if (!block) {
    return (
      <span
        className="inline-flex rounded bg-emerald-50 px-1.5 py-0.5 text-[11px] font-medium text-emerald-800 ring-1 ring-emerald-200 dark:bg-emerald-950 dark:text-emerald-300 dark:ring-emerald-900"
        data-badge="migratable"
      >
        {t('badge.migratable')}
      </span>
    );
  }
  return (
    <span
      className="inline-flex rounded bg-amber-50 px-1.5 py-0.5 text-[11px] font-medium text-amber-900 ring-1 ring-amber-200 dark:bg-amber-950 dark:text-amber-300 dark:ring-amber-900"
      data-badge="blocks"
    >
      {t('badge.blocks', { reason: block })}
    </span>
  );
}
