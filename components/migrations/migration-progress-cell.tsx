'use client';
/** Progress of one migration: a bar that never runs backwards, bytes, rates as sparklines, ETA. */
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Sparkline, type SparkSeries } from '@/components/ui/sparkline';
import { formatBytes } from '@/lib/k8s/quantity';
import { etaSeconds, type ProgressTrack, type Stall } from '@/lib/migration/progress';
import type { MigrationRow } from '@/lib/migration/rows';
import type { NodeProgress } from './use-migration-progress';

const rate = (bps: number) => `${formatBytes(bps)}/s`;

function Bar({ value, tone }: { value: number; tone: string }) {
  return (
    <div className="h-1.5 w-40 overflow-hidden rounded bg-slate-200 dark:bg-slate-700">
      <div className={`h-full ${tone}`} style={{ width: `${(value * 100).toFixed(1)}%` }} />
    </div>
  );
}

export function MigrationProgressCell({
  row,
  track,
  node,
  stalls,
}: {
  row: MigrationRow;
  track?: ProgressTrack;
  node?: NodeProgress;
  stalls: Stall[];
}) {
  const { t } = useTranslation('migrations');
  const pts = track?.points;
  const chart = useMemo(() => {
    if (!pts || pts.length < 2) return undefined;
    const x = pts.map((p) => p.at / 1000);
    const series: SparkSeries[] = [
      { label: t('progress.transferRate'), stroke: '#2563eb', values: pts.map((p) => p.transferRate) },
      { label: t('progress.dirtyRate'), stroke: '#d97706', values: pts.map((p) => p.dirtyRate) },
    ];
    return { x, series };
  }, [pts, t]);

  if (row.phase === 'Succeeded') {
    return (
      <div data-testid="migration-progress" data-bar="1">
        <Bar value={1} tone="bg-emerald-600" />
        {track && (
          <div className="mt-1 text-xs text-slate-500 tabular-nums">
            {t('progress.done', {
              bytes: formatBytes(track.points[track.points.length - 1]?.processed ?? 0),
            })}
          </div>
        )}
      </div>
    );
  }
  if (!track) {
    if (row.final) return <span className="text-slate-400">—</span>;
    return (
      <span className="text-xs text-slate-500">
        {node?.error
          ? t('progress.unavailable', { message: node.error })
          : row.transferStarted
            ? t('progress.waiting')
            : '—'}
      </span>
    );
  }
  const p = track.points[track.points.length - 1]!;
  const eta = stalls.length === 0 ? etaSeconds(track) : undefined;
  const tone = row.final ? 'bg-slate-400' : stalls.length ? 'bg-amber-500' : 'bg-blue-600';
  return (
    <div
      data-testid="migration-progress"
      data-bar={track.bar.toFixed(4)}
      data-recopying={track.recopying}
      className="space-y-1"
    >
      <div className="flex items-center gap-2">
        <Bar value={track.bar} tone={tone} />
        <span className="text-xs tabular-nums" data-testid="migration-percent">
          {Math.floor(track.bar * 100)}%
        </span>
      </div>
      <div className="text-xs text-slate-600 tabular-nums dark:text-slate-300">
        {t('progress.bytes', {
          processed: formatBytes(p.processed),
          remaining: formatBytes(p.remaining),
          total: formatBytes(p.total),
        })}
      </div>
      {/* Each figure wraps as a whole ("1 pass" broke over two lines in a narrow column). */}
      <div className="flex flex-wrap items-center gap-x-2 text-xs whitespace-nowrap tabular-nums">
        <span className="text-blue-700 dark:text-blue-400" data-testid="migration-rate">
          {t('progress.transfer', { rate: rate(p.transferRate) })}
        </span>
        <span className="text-amber-700 dark:text-amber-400">
          {t('progress.dirty', { rate: rate(p.dirtyRate) })}
        </span>
        <span className="text-slate-500" data-testid="migration-passes">
          {t('progress.passes', { count: track.passes })}
        </span>
      </div>
      {chart && <Sparkline x={chart.x} series={chart.series} testId="migration-chart" />}
      <div className="text-xs">
        {track.recopying && !row.final && (
          <span className="text-amber-700 dark:text-amber-400" data-testid="migration-recopying">
            {t('progress.recopying')}{' '}
          </span>
        )}
        {eta !== undefined && !row.final && (
          <span className="text-slate-600 dark:text-slate-300" data-testid="migration-eta">
            {t('progress.eta', { seconds: Math.ceil(eta) })}
          </span>
        )}
        {node?.source === 'prometheus' && (
          <span className="ml-1 text-slate-400">{t('progress.viaPrometheus')}</span>
        )}
      </div>
    </div>
  );
}
