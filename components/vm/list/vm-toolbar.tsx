'use client';
/** Search, site/namespace/status/label filters, with the count of shown VMs. */
import { useTranslation } from 'react-i18next';
import { Button } from '@/components/ui/button';
import { PlacementFilter } from '@/components/fleet/placement-filter';
import { IconSearch } from '@/components/ui/icons';
import { PRINTABLE_STATUSES } from '@/lib/k8s/resources/virtual-machine';
import { hasActiveFilters, type VmListFilters } from './filter-state';

const SELECT =
  'h-7 rounded-md border border-slate-300 bg-white px-2 text-[13px] text-slate-800 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100';

export interface VmToolbarProps {
  filters: VmListFilters;
  search: string;
  onSearch: (q: string) => void;
  onChange: (patch: Partial<VmListFilters>) => void;
  sites: string[];
  /** The fleet's regions when its sites carry a placement (tier and region filters), else none. */
  regions?: string[];
  namespaces: string[];
  labelError: string | null;
}

export function VmToolbar({ filters, search, onSearch, onChange, sites, regions, namespaces, labelError }: VmToolbarProps) {
  const { t } = useTranslation('vm-list');
  const { t: tc } = useTranslation('common');
  return (
    <div className="flex flex-wrap items-center gap-2">
      <label className="relative flex items-center">
        <span className="sr-only">{t('search.label')}</span>
        <IconSearch className="pointer-events-none absolute left-2 text-slate-400" width={14} height={14} />
        <input
          type="search"
          data-testid="vm-search"
          value={search}
          onChange={(e) => onSearch(e.target.value)}
          placeholder={t('search.placeholder')}
          className="h-7 w-72 rounded-md border border-slate-300 bg-white pr-2 pl-7 text-[13px] dark:border-slate-700 dark:bg-slate-900"
        />
      </label>
      {regions && (
        <PlacementFilter
          filter={filters}
          regions={regions}
          testIdPrefix="filter"
          onChange={(patch) => onChange({ ...patch, site: undefined, namespace: undefined })}
        />
      )}
      <select aria-label={t('common:noun.site')} data-testid="filter-site" className={SELECT} value={filters.site ?? ''} onChange={(e) => onChange({ site: e.target.value || undefined, namespace: undefined })}>
        <option value="">{t('common:noun.allSites')}</option>
        {sites.map((s) => (
          <option key={s} value={s}>
            {s}
          </option>
        ))}
      </select>
      <select aria-label={t('common:noun.namespace')} data-testid="filter-namespace" className={SELECT} value={filters.namespace ?? ''} onChange={(e) => onChange({ namespace: e.target.value || undefined })}>
        <option value="">{t('filters.allNamespaces')}</option>
        {namespaces.map((n) => (
          <option key={n} value={n}>
            {n}
          </option>
        ))}
      </select>
      <select aria-label={t('common:noun.status')} data-testid="filter-status" className={SELECT} value={filters.status[0] ?? ''} onChange={(e) => onChange({ status: e.target.value ? [e.target.value] : [] })}>
        <option value="">{t('filters.anyStatus')}</option>
        {filters.status.length > 1 && <option value={filters.status[0]}>{filters.status.map((s) => tc(`vmStatus.${s}.label`)).join(', ')}</option>}
        {PRINTABLE_STATUSES.map((s) => (
          <option key={s} value={s}>
            {tc(`vmStatus.${s}.label`)}
          </option>
        ))}
      </select>
      <label className="flex items-center gap-1.5">
        <span className="text-xs text-slate-500 dark:text-slate-400">{t('common:noun.labels')}</span>
        <input
          data-testid="filter-label"
          defaultValue={filters.label}
          key={filters.label}
          onBlur={(e) => onChange({ label: e.target.value })}
          onKeyDown={(e) => {
            if (e.key === 'Enter') onChange({ label: e.currentTarget.value });
          }}
          placeholder={t('filters.labelPlaceholder')}
          aria-invalid={labelError ? true : undefined}
          title={labelError ?? undefined}
          className={`h-7 w-44 rounded-md border bg-white px-2 font-mono text-xs dark:bg-slate-900 ${labelError ? 'border-red-500' : 'border-slate-300 dark:border-slate-700'}`}
        />
      </label>
      {(hasActiveFilters(filters) || search) && (
        <Button variant="ghost" onClick={() => onChange({ q: '', namespace: undefined, status: [], label: '' })}>
          {t('filters.clear')}
        </Button>
      )}
      {labelError && <span className="text-xs text-red-600 dark:text-red-400">{t('filters.invalidLabel', { message: labelError })}</span>}
    </div>
  );
}
