'use client';
/**
 * One site on the fleet overview: state in icon + words, data age, VMs by status, nodes ready,
 * active migrations and imports (with progress), alerts. Every number links to the list it
 * counts. An unreachable site keeps its last known counts, greyed, with their age.
 */
import Link from 'next/link';
import { useTranslation } from 'react-i18next';
import type { FleetAlert, SiteSummary, TileState } from '@/lib/api/fleet';
import { changedRecently, statusCounts } from '@/lib/fleet/overview';
import { isRed } from '@/lib/fleet/noc-wall';
import { routes } from '@/lib/routes';
import { RelativeTime } from '../ui/relative-time';
import { TileStateLabel } from './tile-state';

const FRAME: Record<TileState | 'red', string> = {
  red: 'border-red-400 bg-red-50/60 dark:border-red-500/60 dark:bg-red-950/30',
  down: 'border-red-400 bg-red-50/60 dark:border-red-500/60 dark:bg-red-950/30',
  degraded: 'border-amber-400 bg-amber-50/50 dark:border-amber-500/50 dark:bg-amber-950/20',
  healthy: 'border-slate-200 bg-white dark:border-slate-700 dark:bg-slate-900',
  unreachable: 'border-dashed border-slate-400 bg-slate-100 text-slate-500 grayscale dark:bg-slate-900/50',
  stale: 'border-dashed border-slate-400 bg-slate-100 text-slate-500 dark:bg-slate-900/50',
};
const STATE_TEXT: Record<TileState, string> = {
  healthy: 'text-emerald-700 dark:text-emerald-300',
  degraded: 'text-amber-700 dark:text-amber-300',
  down: 'text-red-700 dark:text-red-300',
  unreachable: 'text-slate-600 dark:text-slate-300',
  stale: 'text-slate-600 dark:text-slate-300',
};
const LINK = 'font-semibold tabular-nums text-blue-700 hover:underline dark:text-blue-300';
const MAX_ALERTS = 3;

function alertHref(site: string, a: FleetAlert): string {
  if ((a.kind === 'vm-failed' || a.kind === 'vm-crashloop') && a.namespace && a.name)
    return routes.vmDetails(site, a.namespace, a.name);
  if (a.kind === 'import-stuck' && a.namespace && a.name) return routes.dataVolumeDetails(site, a.namespace, a.name);
  if (a.kind === 'node-not-ready') return routes.nodes();
  return routes.vms(site);
}

export function SiteCard({ summary: s, now }: { summary: SiteSummary; now: number }) {
  const { t } = useTranslation('overview');
  const red = isRed(s);
  const grey = s.state === 'unreachable' || s.state === 'stale';
  const changed = changedRecently(s, now);
  return (
    <section
      className={`flex flex-col gap-2 rounded-lg border p-3 text-[13px] ${FRAME[red ? 'red' : s.state]}`}
      data-testid="overview-tile"
      data-site={s.site}
      data-state={s.state}
      data-changed={changed ? 'true' : undefined}
      aria-label={s.site}
    >
      <header className="flex items-start justify-between gap-2">
        <div className="min-w-0">
          <h2 className="truncate text-[15px] font-semibold text-slate-900 dark:text-slate-50" title={s.site}>
            {s.site}
          </h2>
          <TileStateLabel state={s.state} size={14} className={`text-[13px] font-medium ${STATE_TEXT[s.state]}`} />
        </div>
        {changed && (
          <span
            className="shrink-0 rounded bg-blue-100 px-1.5 py-0.5 text-[11px] font-medium text-blue-800 dark:bg-blue-500/20 dark:text-blue-200"
            data-testid="overview-changed"
            title={s.changedAt}
          >
            {t('tile.changed')} <RelativeTime at={s.changedAt} />
          </span>
        )}
      </header>
      <p className="text-[12px] text-slate-500 dark:text-slate-400" data-testid="overview-age">
        {s.asOf ? (
          <>
            {t(s.state === 'unreachable' ? 'tile.lastKnown' : 'tile.dataAge')} <RelativeTime at={s.asOf} />
          </>
        ) : (
          t('tile.noData')
        )}
      </p>
      <div>
        <Link href={routes.vms(s.site)} className={`${LINK} text-[20px]`} data-testid="overview-vms">
          {s.vms.total}
        </Link>{' '}
        <span>{t('tile.vms', { count: s.vms.total })}</span>
        <ul className="mt-1 flex flex-wrap gap-x-3 gap-y-0.5" data-testid="overview-by-status">
          {statusCounts(s).map(([status, n]) => (
            <li key={status}>
              <Link href={routes.vmsInStatus(s.site, [status])} className={LINK} data-status={status}>
                {n}
              </Link>{' '}
              {t(`common:vmStatus.${status}.label`, { defaultValue: status })}
            </li>
          ))}
        </ul>
      </div>
      <p className="flex flex-wrap gap-x-3">
        <span>
          <Link href={routes.nodes()} className={LINK} data-testid="overview-nodes">
            {s.nodes.ready}/{s.nodes.total}
          </Link>{' '}
          {t('tile.nodesReady')}
        </span>
        <span>
          <Link href={routes.migrations(undefined, s.site)} className={LINK} data-testid="overview-migrations">
            {s.migrations.active}
          </Link>{' '}
          {t('tile.migrating')}
        </span>
        <span>
          <Link href={routes.dataVolumes(s.site)} className={LINK} data-testid="overview-imports">
            {s.imports.active}
          </Link>{' '}
          {t('tile.importing')}
          {s.imports.progress !== undefined && ` (${Math.round(s.imports.progress * 100)}%)`}
        </span>
      </p>
      {s.alerts.length > 0 && (
        <ul className={`flex flex-col gap-0.5 ${grey ? '' : 'text-red-800 dark:text-red-300'}`} data-testid="overview-alerts">
          {s.alerts.slice(0, MAX_ALERTS).map((a, i) => (
            <li key={`${a.kind}/${a.namespace ?? ''}/${a.name ?? ''}/${i}`} className="truncate">
              <Link href={alertHref(s.site, a)} className="hover:underline">
                {t(`noc:alert.${a.kind}`, { name: a.name ?? '', reason: a.reason ?? '' })}
              </Link>
            </li>
          ))}
          {s.alerts.length > MAX_ALERTS && <li>{t('noc:tile.moreAlerts', { count: s.alerts.length - MAX_ALERTS })}</li>}
        </ul>
      )}
    </section>
  );
}
