'use client';
/**
 * The fleet overview (`/`), the admins' home: the fleet summary stream as site tiles, worst
 * first, with fleet totals, the connection state, and filters by name, state and recent change
 * (in the URL, so a view can be shared). Reads the one fleet cache the NOC walls read.
 */
import { usePathname, useSearchParams } from 'next/navigation';
import { useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { TILE_STATES, type TileState } from '@/lib/api/fleet';
import { regionsOf, tierParam, type SiteTier } from '@/lib/api/sites';
import {
  fleetTotals,
  groupTiles,
  OVERVIEW_GROUPS,
  overviewTiles,
  type OverviewFilter,
  type OverviewGroup,
} from '@/lib/fleet/overview';
import { useFleetFeed } from '@/lib/fleet/use-fleet-feed';
import { RelativeTime } from '../ui/relative-time';
import { useNow } from '../ui/use-now';
import { PlacementFilter } from './placement-filter';
import { SiteCard } from './site-card';
import { TileStateLabel } from './tile-state';

function oneOf<T extends string>(values: readonly T[], v: string | null): T | undefined {
  return (values as readonly (string | null)[]).includes(v) ? (v as T) : undefined;
}

function useOverviewFilter(): [OverviewFilter, (patch: Partial<OverviewFilter>) => void] {
  const params = useSearchParams();
  const pathname = usePathname();
  const filter = useMemo<OverviewFilter>(() => {
    const state = params.get('state') ?? '';
    return {
      q: params.get('q') ?? '',
      state: (TILE_STATES as readonly string[]).includes(state) ? (state as TileState) : undefined,
      recent: params.get('recent') === '1',
      tier: tierParam(params.get('tier')),
      region: params.get('region') || undefined,
      group: oneOf(OVERVIEW_GROUPS, params.get('group')),
    };
  }, [params]);
  const update = useCallback(
    (patch: Partial<OverviewFilter>) => {
      const f = { ...filter, ...patch };
      const p = new URLSearchParams();
      if (f.q) p.set('q', f.q);
      if (f.state) p.set('state', f.state);
      if (f.recent) p.set('recent', '1');
      if (f.tier) p.set('tier', f.tier);
      if (f.region) p.set('region', f.region);
      if (f.group) p.set('group', f.group);
      const s = p.toString();
      window.history.replaceState(null, '', s ? `${pathname}?${s}` : pathname);
    },
    [filter, pathname],
  );
  return [filter, update];
}

const CHIP = 'inline-flex h-7 items-center gap-1.5 rounded-md border px-2 text-[13px]';
const CHIP_ON = 'border-blue-500 bg-blue-600/10 text-blue-900 dark:text-blue-100';
const CHIP_OFF =
  'border-slate-300 text-slate-700 hover:bg-slate-100 dark:border-slate-700 dark:text-slate-300 dark:hover:bg-slate-800';

export function OverviewPage() {
  const { t } = useTranslation('overview');
  const feed = useFleetFeed();
  const now = useNow(5000);
  const [filter, update] = useOverviewFilter();
  const sites = [...feed.sites.values()];
  const totals = fleetTotals(sites, now);
  const tiles = overviewTiles(sites, filter, now);
  const c = feed.connection;
  const groupLabel = (by: OverviewGroup, key: string) =>
    key === '' ? t('placement.unplaced') : by === 'tier' ? t(`placement.tiers.${key as SiteTier}`) : key;
  return (
    <div className="flex-1 overflow-auto">
      <div className="flex flex-wrap items-center justify-between gap-3 border-b border-slate-200 px-5 py-3 dark:border-slate-800">
        <h1 className="text-lg font-semibold text-slate-900 dark:text-slate-50">{t('title')}</h1>
        <p
          className="text-[13px] text-slate-600 dark:text-slate-400"
          data-testid="overview-connection"
          data-kind={c.kind}
        >
          {c.kind === 'refused'
            ? c.message
            : c.kind === 'reconnecting'
              ? t('connection.reconnecting')
              : t(`noc:connection.${c.kind}`)}
          {feed.lastUpdateAt !== null && (
            <>
              {' · '}
              {t('common:state.updated')} <RelativeTime at={feed.lastUpdateAt} />
            </>
          )}
        </p>
      </div>
      <div
        className="flex flex-wrap items-center gap-x-6 gap-y-2 px-5 pt-3 text-[13px]"
        data-testid="overview-totals"
      >
        <span>
          <b className="tabular-nums">{sites.length}</b> {t('totals.sites', { count: sites.length })}
        </span>
        <span>
          <b className="tabular-nums">{totals.running}</b>{' '}
          {t('totals.running', { count: totals.running, total: totals.vms })}
        </span>
        <span>
          <b className="tabular-nums">{totals.alerts}</b> {t('totals.alerts', { count: totals.alerts })}
        </span>
      </div>
      <div className="flex flex-wrap items-center gap-2 px-5 py-3">
        <input
          type="search"
          value={filter.q}
          onChange={(e) => update({ q: e.target.value })}
          placeholder={t('search')}
          aria-label={t('search')}
          className="h-7 w-56 rounded-md border border-slate-300 bg-white px-2 text-[13px] dark:border-slate-700 dark:bg-slate-900"
          data-testid="overview-search"
        />
        {TILE_STATES.filter((s) => totals.byState[s] > 0).map((state) => (
          <button
            key={state}
            type="button"
            aria-pressed={filter.state === state}
            className={`${CHIP} ${filter.state === state ? CHIP_ON : CHIP_OFF}`}
            onClick={() => update({ state: filter.state === state ? undefined : state })}
            data-testid="overview-state-filter"
            data-state={state}
          >
            <b className="tabular-nums">{totals.byState[state]}</b>
            <TileStateLabel state={state} size={14} />
          </button>
        ))}
        <button
          type="button"
          aria-pressed={filter.recent}
          className={`${CHIP} ${filter.recent ? CHIP_ON : CHIP_OFF}`}
          onClick={() => update({ recent: !filter.recent })}
          data-testid="overview-recent-filter"
        >
          <b className="tabular-nums">{totals.changed}</b> {t('recent')}
        </button>
        <PlacementFilter filter={filter} regions={regionsOf(sites)} onChange={update} grouping testIdPrefix="overview" />
      </div>
      {c.kind === 'refused' && (
        <p role="alert" className="px-5 text-[13px] text-red-700 dark:text-red-400">
          {c.message}
        </p>
      )}
      {groupTiles(tiles, filter.group).map(([key, group]) => (
        <section key={key} data-testid="overview-group-section" data-group={key}>
          {filter.group && (
            <h2 className="px-5 pb-2 text-[13px] font-semibold text-slate-700 dark:text-slate-300">
              {groupLabel(filter.group, key)}{' '}
              <span className="font-normal text-slate-500">({group.length})</span>
            </h2>
          )}
          <div
            className="grid grid-cols-[repeat(auto-fill,minmax(280px,1fr))] gap-3 px-5 pb-5"
            data-testid="overview-tiles"
          >
            {group.map((s) => (
              <SiteCard key={s.site} summary={s} now={now} />
            ))}
          </div>
        </section>
      ))}
      {c.kind !== 'refused' && feed.sites.size > 0 && tiles.length === 0 && (
        <p className="px-5 text-[13px] text-slate-600 dark:text-slate-400">{t('noMatch')}</p>
      )}
    </div>
  );
}
