'use client';
/**
 * The fleet's DataVolumes: one site or all, live from watches (DataVolumes, their claims and the
 * VMs that use them, all on the one watch socket), filters in the URL.
 */
import { usePathname, useSearchParams } from 'next/navigation';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import Link from 'next/link';
import { buttonClasses } from '@/components/ui/button';
import { routes } from '@/lib/routes';
import { SiteFreshness } from '@/components/vm/list/site-freshness';
import { EmptyState } from '@/components/ui/empty-state';
import { IconDisk, IconWarning } from '@/components/ui/icons';
import { useSiteDvs } from '@/lib/k8s/hooks/use-site-dvs';
import { inPlacement, regionsOf } from '@/lib/api/sites';
import { useSites } from '@/lib/query/sites';
import { hasActiveDvFilters, parseDvFilters, serializeDvFilters, type DvListFilters } from './dv-filters';
import { buildDvRows, filterDvRows } from './dv-rows';
import { dvSiteView } from './dv-site-view';
import { DvTable } from './dv-table';
import { DvToolbar } from './dv-toolbar';

function useDvUrlState(): [DvListFilters, (patch: Partial<DvListFilters>) => void] {
  const params = useSearchParams();
  const pathname = usePathname();
  const filters = useMemo(() => parseDvFilters(new URLSearchParams(params.toString())), [params]);
  const update = useCallback(
    (patch: Partial<DvListFilters>) => {
      const next = serializeDvFilters({ ...filters, ...patch }).toString();
      window.history.replaceState(null, '', next ? `${pathname}?${next}` : pathname);
    },
    [filters, pathname],
  );
  return [filters, update];
}

export function DvListPage() {
  const { t, i18n } = useTranslation('datavolumes');
  const [filters, update] = useDvUrlState();
  const [search, setSearch] = useState(filters.q);
  const clusters = useSites();
  const siteDvs = useSiteDvs(filters.site ?? 'all', { tier: filters.tier, region: filters.region });

  useEffect(() => setSearch(filters.q), [filters.q]);
  useEffect(() => {
    if (search === filters.q) return;
    const timer = setTimeout(() => update({ q: search }), 250);
    return () => clearTimeout(timer);
  }, [search, filters.q, update]);

  const views = useMemo(
    () =>
      siteDvs.map((s) =>
        dvSiteView(
          s,
          clusters.data?.find((c) => c.name === s.site),
        ),
      ),
    [siteDvs, clusters.data],
  );
  const allRows = useMemo(
    () => siteDvs.flatMap((s, i) => buildDvRows(s, views[i]?.health === 'unreachable')),
    [siteDvs, views],
  );
  const rows = useMemo(() => filterDvRows(allRows, { ...filters, q: search }), [allRows, filters, search]);
  const namespaces = useMemo(() => [...new Set(allRows.map((r) => r.namespace))].sort(), [allRows]);
  const onChange = useCallback(
    (patch: Partial<DvListFilters>) => {
      if (patch.q !== undefined) setSearch(patch.q);
      update(patch);
    },
    [update],
  );
  const num = (n: number) => n.toLocaleString(i18n.resolvedLanguage ?? i18n.language);
  const anyListed = views.some((v) => v.listed);
  const waiting = views.filter(
    (v) => !v.listed && v.health !== 'unreachable' && v.health !== 'denied',
  ).length;
  const bad = views.filter((v) => v.health === 'unreachable' || v.health === 'denied');

  return (
    <div className="flex min-h-0 flex-1 flex-col gap-2.5 px-5 pt-4 pb-4">
      <div className="flex items-center gap-3">
        <h1 className="text-lg font-semibold text-slate-900 dark:text-slate-50">
          {t('shell:nav.dataVolumes')}
        </h1>
        <span className="text-sm text-slate-500 tabular-nums dark:text-slate-400" data-testid="dv-count">
          {t('vm-list:count', { shown: num(rows.length), total: num(allRows.length) })}
        </span>
        <Link
          href={routes.dataVolumeNew(filters.site, filters.namespace)}
          className={buttonClasses('primary', 'ml-auto')}
          data-testid="dv-import"
        >
          {t('dv-create:importButton')}
        </Link>
      </div>
      <SiteFreshness views={views} />
      {bad.map((v) => (
        <div
          key={v.site}
          role="status"
          data-testid="dv-stale-banner"
          data-site={v.site}
          className="flex items-start gap-2 rounded-md bg-orange-50 px-3 py-2 text-[13px] text-orange-900 ring-1 ring-orange-600/20 ring-inset dark:bg-orange-500/10 dark:text-orange-200"
        >
          <IconWarning className="mt-0.5 shrink-0" />
          <div>
            <div className="font-semibold">
              {v.health === 'denied'
                ? t('stale.denied', { site: v.site })
                : t('stale.title', { site: v.site })}
            </div>
            {v.health !== 'denied' && <div>{t('stale.body')}</div>}
          </div>
        </div>
      ))}
      <DvToolbar
        filters={filters}
        search={search}
        onSearch={setSearch}
        onChange={onChange}
        sites={(clusters.data ?? []).filter((c) => inPlacement(c.placement, filters)).map((c) => c.name)}
        regions={
          (clusters.data ?? []).some((c) => c.placement?.tier || c.placement?.region)
            ? regionsOf(clusters.data ?? [])
            : undefined
        }
        namespaces={namespaces}
      />
      {!anyListed && allRows.length === 0 && waiting > 0 ? (
        <div className="flex flex-1 items-center justify-center text-sm text-slate-500" role="status">
          {t('loading', { count: waiting })}
        </div>
      ) : !anyListed && allRows.length === 0 ? (
        <EmptyState icon={<IconDisk width={24} height={24} />} title={t('empty.unreachable')}>
          {t('empty.unreachableBody')}
        </EmptyState>
      ) : rows.length === 0 ? (
        <EmptyState
          icon={<IconDisk width={24} height={24} />}
          title={allRows.length === 0 ? t('empty.none') : t('empty.filtered')}
        >
          {allRows.length === 0 && !hasActiveDvFilters(filters) ? t('empty.noneBody') : null}
        </EmptyState>
      ) : (
        <DvTable rows={rows} />
      )}
    </div>
  );
}
