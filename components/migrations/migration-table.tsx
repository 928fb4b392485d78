'use client';
import Link from 'next/link';
import { useTranslation } from 'react-i18next';
import { Button } from '@/components/ui/button';
import { RelativeTime } from '@/components/ui/relative-time';
import { Fragment } from 'react';
import { stalls as stallsOf, type Stall } from '@/lib/migration/progress';
import { elapsedMs, type MigrationRow } from '@/lib/migration/rows';
import { routes } from '@/lib/routes';
import { MigrationProgressCell } from './migration-progress-cell';
import { MigrationStallPanel } from './migration-stall-panel';
import { nodeKey, type MigrationProgress } from './use-migration-progress';

const TH = 'px-3 py-2 text-left text-xs font-medium text-slate-500 dark:text-slate-400';
const TD = 'px-3 py-2 text-[13px] align-top';

/** `m:ss` under an hour, `h:mm:ss` above: digits read the same in every language. */
function clock(ms: number): string {
  const s = Math.floor(ms / 1000);
  const pad = (n: number) => String(n).padStart(2, '0');
  const h = Math.floor(s / 3600);
  return h ? `${h}:${pad(Math.floor(s / 60) % 60)}:${pad(s % 60)}` : `${Math.floor(s / 60)}:${pad(s % 60)}`;
}

function phaseTone(row: MigrationRow): string {
  if (row.phase === 'Failed') return 'text-red-700 dark:text-red-400';
  if (row.phase === 'Succeeded') return 'text-emerald-700 dark:text-emerald-400';
  return 'text-blue-700 dark:text-blue-400';
}

function rowStalls(row: MigrationRow, progress: MigrationProgress, now: number): Stall[] {
  const track = progress.tracks.get(row.id);
  if (!track || row.final) return [];
  const startedAt = row.transferStarted ? Date.parse(row.transferStarted) : undefined;
  return stallsOf(
    track,
    {
      completionTimeoutPerGiB: row.config.completionTimeoutPerGiB,
      progressTimeout: row.config.progressTimeout,
      startedAt,
    },
    now,
  );
}

export function MigrationTable({
  rows,
  now,
  progress,
  onCancel,
}: {
  rows: MigrationRow[];
  now: number;
  progress: MigrationProgress;
  onCancel: (row: MigrationRow) => void;
}) {
  const { t } = useTranslation('migrations');
  const head = [
    t('col.vm'),
    t('common:noun.site'),
    t('col.phase'),
    t('col.route'),
    t('col.policy'),
    t('col.started'),
    t('col.elapsed'),
    t('col.progress'),
    '',
  ];
  return (
    <div className="min-h-0 flex-1 overflow-auto rounded-md border border-slate-200 dark:border-slate-800">
      <table className="w-full border-collapse" data-testid="migration-table">
        <thead className="sticky top-0 bg-slate-50 dark:bg-slate-900">
          <tr>
            {head.map((h, i) => (
              <th key={i} className={TH}>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
          {rows.map((r) => {
            const ms = elapsedMs(r, now);
            const track = progress.tracks.get(r.id);
            const stalls = rowStalls(r, progress, now);
            return (
              <Fragment key={r.id}>
                <tr
                  data-testid="migration-row"
                  data-vmim={r.name}
                  data-phase={r.phase}
                  data-stalled={stalls.length > 0}
                >
                  <td className={TD} translate="no">
                    <Link
                      className="text-blue-700 hover:underline dark:text-blue-400"
                      href={routes.vmDetails(r.site, r.namespace, r.vmi, 'migrations')}
                    >
                      {r.vmi}
                    </Link>
                    <div className="text-xs text-slate-500">{r.namespace}</div>
                  </td>
                  <td className={TD} translate="no">
                    {r.site}
                  </td>
                  <td className={`${TD} ${phaseTone(r)}`} data-testid="migration-phase">
                    {t(`phase.${r.phase || 'new'}`, { defaultValue: r.phase })}
                    {r.aborting && !r.final && (
                      <span className="ml-1 text-xs text-amber-700 dark:text-amber-400">
                        ({t('aborting')})
                      </span>
                    )}
                    {r.failure && <div className="text-xs text-slate-500">{r.failure}</div>}
                  </td>
                  <td className={`${TD} font-mono text-xs`} translate="no">
                    {r.source ?? '—'} → {r.target ?? '—'}
                  </td>
                  <td className={TD} translate="no" data-testid="migration-policy">
                    {r.policy ?? '—'}
                  </td>
                  <td className={TD}>{r.started ? <RelativeTime at={r.started} /> : '—'}</td>
                  <td className={`${TD} tabular-nums`} data-testid="migration-elapsed">
                    {ms === undefined ? '—' : clock(ms)}
                  </td>
                  <td className={TD}>
                    <MigrationProgressCell
                      row={r}
                      track={track}
                      node={r.source ? progress.nodes.get(nodeKey(r.site, r.source)) : undefined}
                      stalls={stalls}
                    />
                  </td>
                  <td className={`${TD} text-right`}>
                    {!r.final && (
                      <Button
                        data-testid="migration-cancel"
                        disabled={r.aborting}
                        onClick={() => onCancel(r)}
                      >
                        {t('cancel')}
                      </Button>
                    )}
                  </td>
                </tr>
                {track && stalls.length > 0 && (
                  <tr data-testid="migration-stall-row" data-vmim={r.name}>
                    <td colSpan={head.length} className="px-3 pb-3">
                      <MigrationStallPanel row={r} track={track} stalls={stalls} onCancel={onCancel} />
                    </td>
                  </tr>
                )}
              </Fragment>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
