'use client';
/**
 * The wall's top band, always visible: fleet totals, the connection state (live, or
 * "reconnecting since …"), the time of the last update and a clock.
 */
import { useTranslation } from 'react-i18next';
import type { SiteSummary } from '@/lib/api/fleet';
import type { FeedState } from '@/lib/fleet/fleet-feed';
import { htmlLang, normalizeLanguage } from '@/lib/i18n';
import { TileStateLabel } from '../fleet/tile-state';

const CONNECTION_CLASS: Record<FeedState['connection']['kind'], string> = {
  connecting: 'bg-slate-700 text-slate-100',
  live: 'bg-emerald-700 text-emerald-50',
  reconnecting: 'bg-amber-500 text-black',
  refused: 'bg-red-700 text-red-50',
};

function useClockText(): (ms: number, seconds?: boolean) => string {
  const { i18n } = useTranslation();
  const locale = htmlLang(normalizeLanguage(i18n.language));
  return (ms, seconds = true) =>
    new Date(ms).toLocaleTimeString(locale, {
      hour: '2-digit',
      minute: '2-digit',
      second: seconds ? '2-digit' : undefined,
      hour12: false,
    });
}

function Figure({ label, value, sub }: { label: string; value: number; sub?: string }) {
  return (
    <div className="flex flex-col">
      <span className="text-[20px] uppercase tracking-wide text-slate-400">{label}</span>
      <span className="text-[56px] font-bold leading-none tabular-nums">
        {value}
        {sub && <span className="ml-2 text-[24px] font-normal text-slate-400">{sub}</span>}
      </span>
    </div>
  );
}

export function NocStatusBar({
  feed,
  sites,
  now,
  page,
  pages,
}: {
  feed: FeedState;
  sites: SiteSummary[];
  now: number;
  page: number;
  pages: number;
}) {
  const { t } = useTranslation('noc');
  const clock = useClockText();
  const c = feed.connection;
  const running = sites.reduce((n, s) => n + (s.vms.byStatus.Running ?? 0), 0);
  const total = sites.reduce((n, s) => n + s.vms.total, 0);
  const alerts = sites.reduce((n, s) => n + s.alerts.length, 0);
  const byState = new Map<SiteSummary['state'], number>();
  for (const s of sites) byState.set(s.state, (byState.get(s.state) ?? 0) + 1);
  return (
    <header className="flex items-end justify-between gap-8 border-b border-slate-800 pb-4">
      <div className="flex items-end gap-12">
        <h1 className="sr-only">{t('title')}</h1>
        <Figure label={t('totals.sites')} value={sites.length} />
        <div
          className="flex max-w-[520px] flex-wrap gap-x-5 gap-y-1 pb-1 text-[22px]"
          data-testid="noc-site-states"
        >
          {[...byState].map(([state, n]) => (
            <span key={state} className="inline-flex items-center gap-2">
              <span className="font-bold tabular-nums">{n}</span>
              <TileStateLabel state={state} size={22} className="text-slate-300" />
            </span>
          ))}
        </div>
        <Figure label={t('totals.vmsRunning')} value={running} sub={t('totals.ofTotal', { total })} />
        <Figure label={t('totals.alerts')} value={alerts} />
      </div>
      <div className="flex flex-col items-end gap-2">
        <span
          className="text-[64px] font-bold leading-none tabular-nums"
          data-testid="noc-clock"
          aria-label={t('clock')}
        >
          {clock(now)}
        </span>
        <div className="flex items-center gap-4 text-[22px]">
          {pages > 1 && <span className="text-slate-400">{t('page', { page: page + 1, pages })}</span>}
          <span className="text-slate-300" data-testid="noc-last-update">
            {feed.lastUpdateAt === null ? t('noUpdate') : t('lastUpdate', { time: clock(feed.lastUpdateAt) })}
          </span>
          <span
            className={`rounded-lg px-3 py-1 font-semibold ${CONNECTION_CLASS[c.kind]}`}
            data-testid="noc-connection"
            data-state={c.kind}
          >
            {c.kind === 'reconnecting'
              ? t('connection.reconnecting', { time: clock(c.since) })
              : t(`connection.${c.kind}`)}
          </span>
        </div>
      </div>
    </header>
  );
}
