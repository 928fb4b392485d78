'use client';
/** printableStatus badge with its plain explanation on hover/focus. */
import { useTranslation } from 'react-i18next';
import { presentStatus, TONE_CLASSES } from '@/lib/vm/status';
import { Tooltip } from './tooltip';

export function VmStatusBadge({ status, stale = false }: { status: string | undefined; stale?: boolean }) {
  const { t } = useTranslation('common');
  const p = presentStatus(status);
  const label = t(p.labelKey);
  const explanation = t(p.explanationKey);
  return (
    <Tooltip
      content={
        <>
          <span className="font-semibold">{label}</span>: {explanation}
          {stale && <span className="mt-1 block text-amber-300 dark:text-amber-700">{t('staleStatus')}</span>}
        </>
      }
    >
      <span
        data-status={p.status}
        data-stale={stale || undefined}
        className={`inline-flex h-5 items-center gap-1 rounded px-1.5 text-xs font-medium ring-1 ring-inset ${stale ? TONE_CLASSES.unknown + ' opacity-80' : TONE_CLASSES[p.tone]}`}
      >
        {p.transitional && !stale && <span className="h-1.5 w-1.5 animate-pulse rounded-full bg-current" aria-hidden="true" />}
        {label}
        {stale && <span className="text-[10px] uppercase tracking-wide opacity-80">· {t('staleShort')}</span>}
      </span>
    </Tooltip>
  );
}
