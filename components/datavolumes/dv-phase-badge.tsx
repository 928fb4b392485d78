'use client';
/** A DataVolume's phase in words, with what it means on hover/focus. */
import { useTranslation } from 'react-i18next';
import { TONE_CLASSES } from '@/components/ui/tone-classes';
import { Tooltip } from '@/components/ui/tooltip';
import { presentDvPhase } from '@/lib/datavolume/dv-phase';

export function DvPhaseBadge({ phase, stale = false }: { phase: string | undefined; stale?: boolean }) {
  const { t } = useTranslation('datavolumes');
  const p = presentDvPhase(phase);
  return (
    <Tooltip
      content={() => (
        <>
          <span className="font-semibold">{t(p.labelKey)}</span>: {t(p.explanationKey)}
          {stale && <span className="mt-1 block text-amber-300 dark:text-amber-700">{t('stale.body')}</span>}
        </>
      )}
    >
      <span
        data-phase={phase || 'Pending'}
        data-stale={stale || undefined}
        className={`inline-flex h-5 items-center gap-1 rounded px-1.5 text-xs font-medium whitespace-nowrap ring-1 ring-inset ${stale ? `${TONE_CLASSES.unknown} opacity-80` : TONE_CLASSES[p.tone]}`}
      >
        {p.transitional && !stale && (
          <span className="h-1.5 w-1.5 animate-pulse rounded-full bg-current" aria-hidden="true" />
        )}
        {t(p.labelKey)}
        {stale && (
          <span className="text-[10px] tracking-wide uppercase opacity-80">· {t('common:staleShort')}</span>
        )}
      </span>
    </Tooltip>
  );
}
