'use client';
/** Per-VM outcome of the last bulk action; cluster errors shown in their own words. */
import { useTranslation } from 'react-i18next';
import { Button } from '@/components/ui/button';
import { IconCheck, IconWarning, IconX } from '@/components/ui/icons';
import { useActionReason } from '@/components/vm/actions/use-action-reason';
import type { BulkAction, BulkOutcome, BulkTarget } from './bulk-run';

export interface BulkRunState {
  action: BulkAction;
  targets: BulkTarget[];
  outcomes: Record<string, BulkOutcome>;
}

const TONE: Record<BulkOutcome['state'], string> = {
  pending: 'text-slate-600 dark:text-slate-400',
  running: 'text-slate-600 dark:text-slate-400',
  ok: 'text-slate-600 dark:text-slate-400',
  skipped: 'text-amber-800 dark:text-amber-300',
  failed: 'text-red-700 dark:text-red-400',
};

export function BulkResults({ run, onClose }: { run: BulkRunState; onClose: () => void }) {
  const { t } = useTranslation('vm-list');
  const reasonOf = useActionReason();
  const values = run.targets.map((x) => run.outcomes[x.id] ?? { state: 'pending' as const });
  const ok = values.filter((o) => o.state === 'ok').length;
  const failed = values.filter((o) => o.state === 'failed').length;
  const skipped = values.filter((o) => o.state === 'skipped').length;
  const done = ok + failed + skipped;
  const outcomeText = (o: BulkOutcome): string => {
    if (o.state === 'failed') return t('bulk.failedWith', { code: o.code || '—', message: o.message });
    if (o.state === 'skipped') return t('bulk.skippedBecause', { reason: reasonOf(o) });
    return t(`bulk.state.${o.state}`);
  };
  return (
    <section aria-label={t('bulk.resultsLabel')} data-testid="bulk-results" className="rounded-md border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
      <header className="flex items-center gap-2 border-b border-slate-200 px-3 py-1.5 dark:border-slate-800">
        <h2 className="text-[13px] font-semibold">
          {t('bulk.resultTitle', { action: t(`bulk.action.${run.action}`), ok, failed, skipped, total: run.targets.length })}
        </h2>
        {done < run.targets.length && <span className="text-xs text-slate-500">{t('bulk.progress', { done, total: run.targets.length })}</span>}
        <div className="flex-1" />
        <Button variant="ghost" onClick={onClose} aria-label={t('bulk.closeResults')}>
          <IconX width={14} height={14} />
        </Button>
      </header>
      <ul className="max-h-40 overflow-auto text-[13px]">
        {run.targets.map((x) => {
          const o = run.outcomes[x.id] ?? { state: 'pending' };
          return (
            <li key={x.id} data-testid="bulk-result" data-vm={x.id} data-state={o.state} className="flex items-start gap-2 border-b border-slate-100 px-3 py-1 last:border-0 dark:border-slate-800">
              <span className="mt-0.5 w-4">
                {o.state === 'ok' && <IconCheck className="text-emerald-600" width={14} height={14} />}
                {o.state === 'failed' && <IconWarning className="text-red-600" width={14} height={14} />}
                {o.state === 'skipped' && <IconWarning className="text-amber-600" width={14} height={14} />}
              </span>
              <span className="w-80 truncate font-mono text-xs">{x.id}</span>
              <span className={TONE[o.state]}>{outcomeText(o)}</span>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
