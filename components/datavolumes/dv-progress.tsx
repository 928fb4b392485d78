'use client';
/** CDI's `status.progress` as a bar with its text ("45.23%"); "N/A" shows as size unknown. */
import { useTranslation } from 'react-i18next';

export function DvProgress({ progress, text, done }: { progress?: number; text?: string; done: boolean }) {
  const { t } = useTranslation('datavolumes');
  const value = done ? 1 : progress;
  if (value === undefined) {
    return <span className="text-xs text-slate-400">{text === 'N/A' ? t('progress.unknown') : '—'}</span>;
  }
  const pct = Math.round(value * 1000) / 10;
  return (
    <div className="flex min-w-28 items-center gap-2" data-testid="dv-progress" data-progress={text ?? ''}>
      <div
        role="progressbar"
        aria-label={t('progress.label')}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={pct}
        className="h-1.5 flex-1 overflow-hidden rounded-full bg-slate-200 dark:bg-slate-700"
      >
        <div
          className={`h-full rounded-full ${done ? 'bg-emerald-500' : 'bg-sky-500'}`}
          style={{ width: `${pct}%` }}
        />
      </div>
      <span className="w-14 text-right text-xs text-slate-600 tabular-nums dark:text-slate-300">
        {text && text !== 'N/A' ? text : `${pct}%`}
      </span>
    </div>
  );
}
