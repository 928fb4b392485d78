'use client';
import { useTranslation } from 'react-i18next';
import { Button } from '@/components/ui/button';
import { pointerToDotted, type Change } from '@/lib/vm/yaml-conflict';
import type { ConflictState } from './use-yaml-edit';

function show(v: unknown): string {
  if (v === undefined) return '∅';
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return s.length > 80 ? `${s.slice(0, 77)}…` : s;
}

function ChangeList({ changes, testId }: { changes: Change[]; testId: string }) {
  const { t } = useTranslation('vm-details');
  if (!changes.length) return <p className="text-xs text-slate-500">{t('yaml.conflict.noChanges')}</p>;
  return (
    <ul className="space-y-1 font-mono text-xs" data-testid={testId}>
      {changes.map((c) => (
        <li key={`${c.op}${c.path}`} className="break-all">
          <span className="text-slate-500">{pointerToDotted(c.path)}</span>{' '}
          <span className="text-red-700 line-through decoration-red-400 dark:text-red-400">{show(c.before)}</span> →{' '}
          <span className="text-emerald-700 dark:text-emerald-400">{show(c.after)}</span>
        </li>
      ))}
    </ul>
  );
}

/** What changed on the server since editing began, and the ways forward; never saves by itself. */
export function ConflictPanel({ conflict, onReapply, onTakeServer, onClose }: { conflict: ConflictState; onReapply(): void; onTakeServer(): void; onClose(): void }) {
  const { t } = useTranslation('vm-details');
  const { rebase } = conflict;
  return (
    <div role="alert" data-testid="yaml-conflict" className="rounded-lg border border-amber-300 bg-amber-50 p-4 text-[13px] text-amber-950 dark:border-amber-700 dark:bg-amber-950/40 dark:text-amber-100">
      <h3 className="font-semibold">{t('yaml.conflict.title')}</h3>
      <p className="mt-1">{t('yaml.conflict.body', { rv: conflict.latest.metadata.resourceVersion ?? '' })}</p>
      <div className="mt-3 grid gap-3 md:grid-cols-2">
        <div>
          <h4 className="mb-1 text-xs font-semibold uppercase tracking-wide">{t('yaml.conflict.server')}</h4>
          <ChangeList changes={conflict.serverChanges} testId="server-changes" />
        </div>
        <div>
          <h4 className="mb-1 text-xs font-semibold uppercase tracking-wide">{t('yaml.conflict.mine')}</h4>
          <ChangeList changes={rebase.mine} testId="my-changes" />
        </div>
      </div>
      {rebase.conflicts.length > 0 && (
        <div className="mt-3" data-testid="overlapping">
          <p className="font-medium">{t('yaml.conflict.overlap', { count: rebase.conflicts.length })}</p>
          <ul className="mt-1 font-mono text-xs">
            {rebase.conflicts.map((c) => (
              <li key={c.path}>
                {pointerToDotted(c.path)}: {t('yaml.conflict.serverValue')} {show(c.server)} · {t('yaml.conflict.myValue')} {show(c.mine)}
              </li>
            ))}
          </ul>
        </div>
      )}
      {rebase.dropped.length > 0 && <p className="mt-2 text-xs">{t('yaml.conflict.dropped', { paths: rebase.dropped.map((d) => pointerToDotted(d.path)).join(', ') })}</p>}
      <div className="mt-4 flex flex-wrap gap-2">
        <Button variant="primary" onClick={onReapply} data-testid="reapply">
          {t('yaml.conflict.reapply')}
        </Button>
        <Button onClick={onTakeServer}>{t('yaml.conflict.takeServer')}</Button>
        <Button variant="ghost" onClick={onClose}>
          {t('yaml.conflict.keepEditing')}
        </Button>
      </div>
      <p className="mt-2 text-xs opacity-80">{t('yaml.conflict.reviewHint')}</p>
    </div>
  );
}
