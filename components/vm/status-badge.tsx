'use client';
/** printableStatus badge with its plain explanation on hover/focus. */
import { useTranslation } from 'react-i18next';
import { presentStatus, type StatusPresentation } from '@/lib/vm/status';
import { Tooltip } from '@/components/ui/tooltip';
import { TONE_CLASSES } from '@/components/ui/tone-classes';

/** The words a badge shows; the explanation is looked up only when the tooltip opens. */
export interface StatusBadgeText {
  label: string;
  explanation: () => string;
  staleShort: string;
  staleStatus: string;
}

/** The badge itself, for callers that already hold the words (the virtual list, per row). */
export function StatusBadgeView({ p, text, stale = false }: { p: StatusPresentation; text: StatusBadgeText; stale?: boolean }) {
  return (
    <Tooltip
      content={() => (
        <>
          <span className="font-semibold">{text.label}</span>: {text.explanation()}
          {stale && <span className="mt-1 block text-amber-300 dark:text-amber-700">{text.staleStatus}</span>}
        </>
      )}
    >
      <span
        data-status={p.status}
        data-stale={stale || undefined}
        className={`inline-flex h-5 items-center gap-1 rounded px-1.5 text-xs font-medium ring-1 ring-inset ${stale ? TONE_CLASSES.unknown + ' opacity-80' : TONE_CLASSES[p.tone]}`}
      >
        {p.transitional && !stale && <span className="h-1.5 w-1.5 animate-pulse rounded-full bg-current" aria-hidden="true" />}
        {text.label}
        {stale && <span className="text-[10px] uppercase tracking-wide opacity-80">· {text.staleShort}</span>}
      </span>
    </Tooltip>
  );
}

export function VmStatusBadge({ status, stale = false }: { status: string | undefined; stale?: boolean }) {
  const { t } = useTranslation('common');
  const p = presentStatus(status);
  const text: StatusBadgeText = { label: t(p.labelKey), explanation: () => t(p.explanationKey), staleShort: t('staleShort'), staleStatus: t('staleStatus') };
  return <StatusBadgeView p={p} text={text} stale={stale} />;
}
