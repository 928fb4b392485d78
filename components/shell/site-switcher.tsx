'use client';
/**
 * Header site switcher: every site with its health dot, RTT and last contact, searchable and in
 * sections by tier and region (a fleet of hundreds); or all sites.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SiteStatus } from '@/lib/api/sites';
import { IconCheck, IconServer } from '../ui/icons';
import { MenuButton, Popover } from '../ui/popover';
import { RelativeTime } from '../ui/relative-time';
import { StatusDot } from '../ui/status-dot';
import { siteGroups, type SiteGroup } from './site-groups';
import { ALL_SITES, useSelectedSite } from './use-selected-site';

function SiteRow({
  cluster,
  selected,
  onSelect,
}: {
  cluster: SiteStatus;
  selected: boolean;
  onSelect: () => void;
}) {
  const { t } = useTranslation('shell');
  return (
    <button
      type="button"
      role="menuitemradio"
      aria-checked={selected}
      onClick={onSelect}
      data-site={cluster.name}
      className="flex w-full items-start gap-2.5 px-3 py-2 text-left hover:bg-slate-100 dark:hover:bg-slate-800"
    >
      <span className="mt-1.5">
        <StatusDot health={cluster.status} label={t(`sites.health.${cluster.status}`)} />
      </span>
      <span className="min-w-0 flex-1">
        <span
          className={`block truncate ${selected ? 'font-semibold text-blue-700 dark:text-blue-300' : 'font-medium'}`}
        >
          {cluster.name}
        </span>
        <span className="block text-xs text-slate-500 dark:text-slate-400">
          {t(`sites.health.${cluster.status}`)}
          {typeof cluster.rttMs === 'number' && <> · {t('sites.rtt', { ms: Math.round(cluster.rttMs) })}</>}
          {' · '}
          {t('sites.lastSeen')} <RelativeTime at={cluster.lastSeen} />
        </span>
        {cluster.status !== 'healthy' && cluster.message && (
          <span
            className="mt-0.5 block truncate text-xs text-amber-700 dark:text-amber-400"
            title={cluster.message}
          >
            {cluster.message}
          </span>
        )}
      </span>
      {selected && <IconCheck className="mt-1 text-blue-600" width={14} height={14} />}
    </button>
  );
}

function GroupTitle({ g }: { g: SiteGroup }) {
  const { t } = useTranslation('overview');
  const tier = g.tier ? t(`placement.tiers.${g.tier}`) : t('placement.unplaced');
  return (
    <div
      className="sticky top-0 bg-slate-50 px-3 py-1 text-[11px] font-semibold uppercase tracking-wide text-slate-500 dark:bg-slate-900 dark:text-slate-400"
      data-testid="site-switcher-group"
    >
      {tier}
      {g.region && <> · {g.region}</>} ({g.sites.length})
    </div>
  );
}

/** Above this many sites the list has a search box. */
const SEARCH_FROM = 8;

export function SiteSwitcher({ clusters }: { clusters: SiteStatus[] }) {
  const { t } = useTranslation('shell');
  const [q, setQ] = useState('');
  const groups = siteGroups(clusters, q);
  const sectioned = groups.length > 1 || groups.some((g) => g.tier);
  const { site, setSite } = useSelectedSite();
  const current = clusters.find((c) => c.name === site);
  const unhealthy = clusters.filter((c) => c.status === 'unreachable').length;
  return (
    <Popover
      panelClassName="w-80"
      trigger={({ open, toggle }) => (
        <MenuButton
          open={open}
          toggle={toggle}
          label={t('sites.choose')}
          testId="site-switcher"
          className="gap-2 bg-white/5 px-2.5 text-slate-100 ring-1 ring-white/10 hover:bg-white/10"
        >
          <span className="text-slate-400">{t('common:noun.site')}</span>
          {current ? <StatusDot health={current.status} /> : <IconServer width={14} height={14} />}
          <span className="max-w-44 truncate font-medium">
            {current ? current.name : t('common:noun.allSites')}
          </span>
          {!current && unhealthy > 0 && (
            <span className="rounded bg-red-500/20 px-1 text-[11px] text-red-200">
              {t('sites.unreachableCount', { count: unhealthy })}
            </span>
          )}
        </MenuButton>
      )}
    >
      {(close) => (
        <div role="menu" aria-label={t('common:noun.site')}>
          <button
            type="button"
            role="menuitemradio"
            aria-checked={site === ALL_SITES}
            onClick={() => {
              setSite(ALL_SITES);
              close();
            }}
            className="flex w-full items-center gap-2.5 border-b border-slate-200 px-3 py-2 text-left hover:bg-slate-100 dark:border-slate-800 dark:hover:bg-slate-800"
          >
            <IconServer width={14} height={14} />
            <span className="flex-1">
              <span
                className={`block ${site === ALL_SITES ? 'font-semibold text-blue-700 dark:text-blue-300' : 'font-medium'}`}
              >
                {t('common:noun.allSites')}
              </span>
              <span className="block text-xs text-slate-500 dark:text-slate-400">
                {t('sites.count', { count: clusters.length })}
              </span>
            </span>
            {site === ALL_SITES && <IconCheck className="text-blue-600" width={14} height={14} />}
          </button>
          {clusters.length >= SEARCH_FROM && (
            <div className="border-b border-slate-200 p-2 dark:border-slate-800">
              <input
                type="search"
                value={q}
                onChange={(e) => setQ(e.target.value)}
                placeholder={t('overview:search')}
                aria-label={t('overview:search')}
                className="h-7 w-full rounded-md border border-slate-300 bg-white px-2 text-[13px] dark:border-slate-700 dark:bg-slate-900"
                data-testid="site-switcher-search"
              />
            </div>
          )}
          <div className="max-h-[60vh] overflow-auto">
            {groups.map((g) => (
              <div key={`${g.tier ?? ''}/${g.region ?? ''}`}>
                {sectioned && <GroupTitle g={g} />}
                {g.sites.map((c) => (
                  <SiteRow
                    key={c.name}
                    cluster={c}
                    selected={c.name === site}
                    onSelect={() => {
                      setSite(c.name);
                      close();
                    }}
                  />
                ))}
              </div>
            ))}
          </div>
        </div>
      )}
    </Popover>
  );
}
