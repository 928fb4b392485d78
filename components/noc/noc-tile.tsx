'use client';
/**
 * One site on the wall, read from across the room: name, state in words, running VMs as one
 * big figure, nodes, migrations and imports, the first alerts. A site the backend cannot reach
 * keeps its last known counts, greyed, with their age: never shown as down VMs.
 */
import { useTranslation } from 'react-i18next';
import type { FleetAlert, SiteSummary } from '@/lib/api/fleet';
import { isRed } from '@/lib/fleet/noc-wall';
import { agoParts } from '@/lib/i18n/time';
import { TileStateLabel } from '../fleet/tile-state';

const FRAME: Record<string, string> = {
  red: 'border-red-500 bg-red-950/70 text-red-50',
  healthy: 'border-emerald-600/70 bg-slate-900 text-slate-50',
  degraded: 'border-amber-500 bg-amber-950/40 text-amber-50',
  down: 'border-red-500 bg-red-950/70 text-red-50',
  grey: 'border-slate-600 border-dashed bg-slate-900/60 text-slate-300 grayscale',
};
const STATE_TEXT: Record<string, string> = {
  healthy: 'text-emerald-300',
  degraded: 'text-amber-300',
  down: 'text-red-200',
  unreachable: 'text-slate-300',
  stale: 'text-slate-300',
};
const MAX_ALERTS = 2;

function AlertLine({ alert }: { alert: FleetAlert }) {
  const { t } = useTranslation('noc');
  return (
    <li className="truncate">
      {t(`alert.${alert.kind}`, { name: alert.name ?? '', reason: alert.reason ?? '' })}
    </li>
  );
}

export function NocTile({ summary: s, now }: { summary: SiteSummary; now: number }) {
  const { t } = useTranslation('noc');
  const grey = s.state === 'unreachable' || s.state === 'stale';
  const red = isRed(s);
  const running = s.vms.byStatus.Running ?? 0;
  const others = Object.entries(s.vms.byStatus)
    .filter(([status, n]) => status !== 'Running' && n > 0)
    .sort((a, b) => b[1] - a[1]);
  const age = s.asOf ? agoParts(now - Date.parse(s.asOf)) : undefined;
  const ageText = age ? t(`common:${age.key}`, { count: age.count }) : '';
  return (
    <section
      className={`flex min-h-0 flex-col gap-2 overflow-hidden rounded-2xl border-4 p-5 ${FRAME[red ? 'red' : grey ? 'grey' : s.state]}`}
      data-testid="noc-tile"
      data-site={s.site}
      data-state={s.state}
      data-red={red ? 'true' : undefined}
      aria-label={s.site}
    >
      <header className="flex flex-col gap-1">
        <h2 className="truncate text-[34px] font-semibold leading-tight" title={s.site}>
          {s.site}
        </h2>
        <TileStateLabel
          state={s.state}
          size={28}
          className={`text-[26px] font-semibold ${red ? 'text-red-200' : STATE_TEXT[s.state]}`}
        />
      </header>
      {grey && (
        <p className="text-[22px] text-slate-300" data-testid="noc-tile-age">
          {s.asOf
            ? t(s.state === 'unreachable' ? 'tile.lastKnown' : 'tile.asOf', { age: ageText })
            : t('tile.noData')}
        </p>
      )}
      <div className="flex items-baseline gap-3">
        <span className="text-[76px] font-bold leading-none tabular-nums" data-testid="noc-running">
          {running}
        </span>
        <span className="text-[24px]">
          {t('tile.running')} <span className="opacity-80">{t('tile.vmsTotal', { count: s.vms.total })}</span>
        </span>
      </div>
      <p className="line-clamp-2 text-[22px] opacity-90" data-testid="noc-others">
        {others
          .map(([status, n]) => `${n} ${t(`common:vmStatus.${status}.label`, { defaultValue: status })}`)
          .join(' · ')}
      </p>
      <p className="text-[22px] opacity-90">
        {t('tile.nodesReady', { ready: s.nodes.ready, total: s.nodes.total })}
        {s.migrations.active > 0 && ` · ${t('tile.migrations', { count: s.migrations.active })}`}
        {s.imports.active > 0 && ` · ${t('tile.imports', { count: s.imports.active })}`}
      </p>
      {!grey && s.alerts.length > 0 && (
        <ul className="text-[22px] font-medium" data-testid="noc-alerts">
          {s.alerts.slice(0, MAX_ALERTS).map((a, i) => (
            <AlertLine key={`${a.kind}/${a.namespace ?? ''}/${a.name ?? ''}/${i}`} alert={a} />
          ))}
          {s.alerts.length > MAX_ALERTS && (
            <li>{t('tile.moreAlerts', { count: s.alerts.length - MAX_ALERTS })}</li>
          )}
        </ul>
      )}
    </section>
  );
}
