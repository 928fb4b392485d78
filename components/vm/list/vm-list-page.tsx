'use client';
/**
 * The fleet VM list: one site or all sites, live from watches, filters in the URL, virtualized
 * rows, bulk actions with a per-VM result.
 */
import Link from 'next/link';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { buttonClasses } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { IconPlus, IconServer } from '@/components/ui/icons';
import { useSiteVms } from '@/lib/k8s/hooks/use-site-vms';
import { parseLabelSelector, type Requirement } from '@/lib/k8s/label-selector';
import { useSites } from '@/lib/query/sites';
import { routes } from '@/lib/routes';
import { BulkBar } from './bulk-bar';
import { BulkResults, type BulkRunState } from './bulk-results';
import { runBulk, type BulkAction, type BulkOutcome, type BulkTarget } from './bulk-run';
import { hasActiveFilters, type SortKey } from './filter-state';
import { siteView } from './site-view';
import { SiteFreshness } from './site-freshness';
import { StaleBanners } from './stale-banner';
import { useListUrlState } from './use-list-url-state';
import { useVmRows } from './use-vm-rows';
import { filterRows, sortRows } from './vm-rows';
import { VmTable } from './vm-table';
import { VmToolbar } from './vm-toolbar';
import { useSelection } from './use-selection';
import { inPlacement, regionsOf } from '@/lib/api/sites';

function parseLabels(text: string): { labels: Requirement[]; error: string | null } {
  try {
    return { labels: parseLabelSelector(text), error: null };
  } catch (err) {
    return { labels: [], error: err instanceof Error ? err.message : String(err) };
  }
}

export function VmListPage() {
  const { t, i18n } = useTranslation('vm-list');
  const [filters, update] = useListUrlState();
  const [search, setSearch] = useState(filters.q);
  const clusters = useSites();
  const siteVms = useSiteVms(filters.site ?? 'all', { tier: filters.tier, region: filters.region });

  // Keep the box in step when the URL changes underneath (back button, "clear filters").
  useEffect(() => setSearch(filters.q), [filters.q]);
  useEffect(() => {
    if (search === filters.q) return;
    const timer = setTimeout(() => update({ q: search }), 250);
    return () => clearTimeout(timer);
  }, [search, filters.q, update]);

  const views = useMemo(() => siteVms.map((s) => siteView(s, clusters.data?.find((c) => c.name === s.site))), [siteVms, clusters.data]);
  const staleSites = useMemo(() => new Set(views.filter((v) => v.health === 'unreachable').map((v) => v.site)), [views]);
  const allRows = useVmRows(siteVms, staleSites);
  const sorted = useMemo(() => sortRows(allRows, filters.sort, filters.dir), [allRows, filters.sort, filters.dir]);
  // Filtering 10,000 rows takes milliseconds and only ~40 rows are rendered, so it runs with the
  // keystroke. (A deferred value starved: clock ticks kept restarting the deferred render.)
  const q = search;
  const { labels, error: labelError } = useMemo(() => parseLabels(filters.label), [filters.label]);
  const rows = useMemo(
    () => filterRows(sorted, { q, namespace: filters.namespace, status: filters.status, labels, netBlocked: filters.netBlocked }),
    [sorted, q, filters.namespace, filters.status, labels, filters.netBlocked],
  );
  const namespaces = useMemo(() => [...new Set(allRows.map((r) => r.namespace))].sort(), [allRows]);
  const selection = useSelection(rows);
  const [run, setRun] = useState<BulkRunState | null>(null);

  const onSort = useCallback((key: SortKey) => update({ sort: key, dir: filters.sort === key && filters.dir === 'asc' ? 'desc' : 'asc' }), [filters.sort, filters.dir, update]);
  const onChange = useCallback(
    (patch: Parameters<typeof update>[0]) => {
      if (patch.q !== undefined) setSearch(patch.q);
      update(patch);
    },
    [update],
  );
  const startBulk = (action: BulkAction) => {
    const caches = new Map(siteVms.map((s) => [s.site, s]));
    const targets: BulkTarget[] = [];
    for (const { id, site, namespace, name } of allRows) {
      const cache = caches.get(site);
      const vm = cache?.vms.items.get(`${namespace}/${name}`);
      if (selection.selected.has(id) && vm) targets.push({ id, site, namespace, name, vm, vmi: cache?.vmis.items.get(`${namespace}/${name}`) });
    }
    setRun({ action, targets, outcomes: {} });
    const report = (id: string, outcome: BulkOutcome) => setRun((r) => (r && r.action === action ? { ...r, outcomes: { ...r.outcomes, [id]: outcome } } : r));
    void runBulk(action, targets, report).then(() => selection.clear());
  };
  const busy = run !== null && run.targets.some((x) => ['pending', 'running', undefined].includes(run.outcomes[x.id]?.state));
  const anyListed = views.some((v) => v.listed);
  // Sites that may still answer; a site known to be down is not "loading".
  const waiting = views.filter((v) => !v.listed && v.health !== 'unreachable' && v.health !== 'denied').length;
  const num = (n: number) => n.toLocaleString(i18n.resolvedLanguage ?? i18n.language);
  const sites = (clusters.data ?? []).filter((c) => inPlacement(c.placement, filters)).map((c) => c.name);
  const regions = regionsOf(clusters.data ?? []);
  const placed = (clusters.data ?? []).some((c) => c.placement?.tier || c.placement?.region);

  return (
    <div className="flex min-h-0 flex-1 flex-col gap-2.5 px-5 pt-4 pb-4">
      <div className="flex items-center gap-3">
        <h1 className="text-lg font-semibold text-slate-900 dark:text-slate-50">{t('common:noun.vms')}</h1>
        <span className="text-sm text-slate-500 tabular-nums dark:text-slate-400" data-testid="vm-count">
          {t('count', { shown: num(rows.length), total: num(allRows.length) })}
        </span>
        <div className="flex-1" />
        <Link href={routes.vmNew(filters.site)} prefetch={false} className={buttonClasses('primary')}>
          <IconPlus width={14} height={14} />
          {t('common:actions.createVm')}
        </Link>
      </div>
      <SiteFreshness views={views} />
      <StaleBanners views={views} />
      <VmToolbar filters={filters} search={search} onSearch={setSearch} onChange={onChange} sites={sites} regions={placed ? regions : undefined} namespaces={namespaces} labelError={labelError} />
      <BulkBar targets={allRows.filter((r) => selection.selected.has(r.id))} onRun={startBulk} onClear={selection.clear} busy={busy} />
      {run && <BulkResults run={run} onClose={() => setRun(null)} />}
      {!anyListed && allRows.length === 0 && waiting > 0 ? (
        <div className="flex flex-1 items-center justify-center text-sm text-slate-500" role="status">
          {t('loading', { count: waiting })}
        </div>
      ) : !anyListed && allRows.length === 0 ? (
        <EmptyState icon={<IconServer width={24} height={24} />} title={t('empty.unreachable')}>
          {t('empty.unreachableBody')}
        </EmptyState>
      ) : rows.length === 0 ? (
        <EmptyState icon={<IconServer width={24} height={24} />} title={allRows.length === 0 ? t('empty.none') : t('empty.title')}>
          {allRows.length === 0 ? t('empty.noneBody') : hasActiveFilters(filters) || search ? t('empty.body') : null}
        </EmptyState>
      ) : (
        <VmTable rows={rows} sort={filters.sort} dir={filters.dir} onSort={onSort} selected={selection.selected} onToggle={selection.toggle} onToggleAll={selection.toggleAll} />
      )}
    </div>
  );
}
