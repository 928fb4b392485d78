'use client';
/**
 * A migration that does not converge: each reason in words, and what helps as actions (a
 * MigrationPolicy for this VM, then a new attempt; post-copy behind a warning; cancel).
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '@/components/ui/button';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { formatBytes, parseQuantity } from '@/lib/k8s/quantity';
import {
  applyVmPolicy,
  retryMigration,
  suggestedBandwidth,
  vmPolicyName,
  type PolicyChange,
} from '@/lib/migration/fixes';
import type { ProgressTrack, Stall } from '@/lib/migration/progress';
import type { MigrationRow } from '@/lib/migration/rows';

function bandwidthOf(q: string | undefined): number {
  try {
    return q ? parseQuantity(q) : 0;
  } catch {
    return 0;
  }
}

function stallValues(s: Stall): Record<string, string | number> {
  const v = s.values;
  switch (s.reason) {
    case 'dirty-exceeds-transfer':
      return { dirty: `${formatBytes(v.dirty ?? 0)}/s`, transfer: `${formatBytes(v.transfer ?? 0)}/s` };
    case 'remaining-rising':
      return { from: formatBytes(v.from ?? 0), to: formatBytes(v.to ?? 0) };
    case 'over-memory':
      return { ratio: (v.ratio ?? 0).toFixed(2), memory: formatBytes(v.memory ?? 0) };
    default:
      return v;
  }
}

export function MigrationStallPanel({
  row,
  track,
  stalls,
  onCancel,
}: {
  row: MigrationRow;
  track: ProgressTrack;
  stalls: Stall[];
  onCancel: (row: MigrationRow) => void;
}) {
  const { t } = useTranslation('migrations');
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [postCopy, setPostCopy] = useState(false);
  const p = track.points[track.points.length - 1];
  const bandwidth = suggestedBandwidth(bandwidthOf(row.config.bandwidthPerMigration), p?.dirtyRate ?? 0);

  const fix = async (id: string, change: PolicyChange) => {
    setBusy(id);
    setError(null);
    try {
      await applyVmPolicy(row.site, row.namespace, row.vmi, change);
      await retryMigration(row.site, row.namespace, row.name, row.vmi);
    } catch (err) {
      setError(t('stall.fixFailed', { message: err instanceof Error ? err.message : String(err) }));
    } finally {
      setBusy(null);
    }
  };

  return (
    <div
      role="alert"
      data-testid="migration-stall"
      className="rounded-md border border-amber-300 bg-amber-50 p-2.5 text-[13px] dark:border-amber-700 dark:bg-amber-950/40"
    >
      <div className="font-medium text-amber-800 dark:text-amber-300">{t('stall.title')}</div>
      <ul className="mt-1 list-disc pl-5 text-amber-900 dark:text-amber-200">
        {stalls.map((s) => (
          <li key={s.reason} data-testid="migration-stall-reason" data-reason={s.reason}>
            {t(`stall.reason.${s.reason}`, stallValues(s))}
          </li>
        ))}
      </ul>
      {row.aborting ? null : (
        <div className="mt-2 flex flex-wrap items-center gap-2">
          {bandwidth && (
            <Button
              data-testid="fix-bandwidth"
              disabled={busy !== null}
              onClick={() => void fix('bandwidth', { bandwidthPerMigration: bandwidth })}
            >
              {t('stall.fix.bandwidth', { bandwidth })}
            </Button>
          )}
          {!row.config.allowAutoConverge && (
            <Button
              data-testid="fix-autoconverge"
              disabled={busy !== null}
              onClick={() => void fix('autoconverge', { allowAutoConverge: true })}
            >
              {t('stall.fix.autoConverge')}
            </Button>
          )}
          {!row.config.allowPostCopy && (
            <Button data-testid="fix-postcopy" disabled={busy !== null} onClick={() => setPostCopy(true)}>
              {t('stall.fix.postCopy')}
            </Button>
          )}
          <Button data-testid="fix-cancel" disabled={busy !== null} onClick={() => onCancel(row)}>
            {t('stall.fix.cancel')}
          </Button>
          <span className="text-xs text-slate-500">
            {busy
              ? t('stall.applying', { policy: vmPolicyName(row.namespace, row.vmi) })
              : t('stall.policyNote', { policy: vmPolicyName(row.namespace, row.vmi) })}
          </span>
        </div>
      )}
      {error && <p className="mt-1 text-red-700 dark:text-red-400">{error}</p>}
      <ConfirmDialog
        open={postCopy}
        title={t('stall.postCopyTitle', { vm: row.vmi })}
        confirmLabel={t('stall.fix.postCopy')}
        destructive
        onConfirm={() => {
          setPostCopy(false);
          void fix('postcopy', { allowPostCopy: true });
        }}
        onCancel={() => setPostCopy(false)}
      >
        {t('stall.postCopyWarning')}
      </ConfirmDialog>
    </div>
  );
}
