'use client';
/** Selection bar: bulk start/stop/restart/migrate/delete, destructive ones confirmed first. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '@/components/ui/button';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { DESTRUCTIVE } from '@/lib/vm/actions';
import { BULK_ACTIONS, type BulkAction } from './bulk-run';

interface Selected {
  id: string;
}

export interface BulkBarProps {
  targets: readonly Selected[];
  onRun: (action: BulkAction) => void;
  onClear: () => void;
  busy: boolean;
}

export function BulkBar({ targets, onRun, onClear, busy }: BulkBarProps) {
  const { t } = useTranslation('vm-list');
  const [confirming, setConfirming] = useState<BulkAction | null>(null);
  if (targets.length === 0) return null;
  const request = (action: BulkAction) => (DESTRUCTIVE.has(action) ? setConfirming(action) : onRun(action));
  return (
    <div className="flex items-center gap-2 rounded-md bg-blue-50 px-3 py-1.5 ring-1 ring-blue-600/20 ring-inset dark:bg-blue-500/10" role="toolbar" aria-label={t('bulk.actionsLabel')} data-testid="bulk-bar">
      <span className="text-[13px] font-medium text-blue-900 dark:text-blue-200">{t('bulk.selectedCount', { count: targets.length })}</span>
      <span className="mx-1 h-4 w-px bg-blue-300/60" />
      {BULK_ACTIONS.map((a) => (
        <Button key={a} variant={a === 'delete' ? 'danger' : 'secondary'} disabled={busy} onClick={() => request(a)} data-action={a}>
          {t(`bulk.action.${a}`)}
        </Button>
      ))}
      <div className="flex-1" />
      <Button variant="ghost" onClick={onClear}>
        {t('bulk.clear')}
      </Button>
      <ConfirmDialog
        open={confirming !== null}
        destructive
        title={confirming ? t(`bulk.confirm.${confirming}.title`, { count: targets.length }) : ''}
        confirmLabel={confirming ? t(`bulk.action.${confirming}`) : ''}
        onCancel={() => setConfirming(null)}
        onConfirm={() => {
          const action = confirming;
          setConfirming(null);
          if (action) onRun(action);
        }}
      >
        {confirming && <p>{t(`bulk.confirm.${confirming}.body`)}</p>}
        <ul className="mt-2 max-h-40 overflow-auto rounded border border-slate-200 px-2 py-1 font-mono text-xs dark:border-slate-700">
          {targets.slice(0, 50).map((x) => (
            <li key={x.id}>{x.id}</li>
          ))}
          {targets.length > 50 && <li>{t('bulk.andMore', { count: targets.length - 50 })}</li>}
        </ul>
      </ConfirmDialog>
    </div>
  );
}
