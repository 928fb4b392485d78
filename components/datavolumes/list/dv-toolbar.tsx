'use client';
/** Search and site/namespace/phase filters of the DataVolumes page. */
import { useTranslation } from 'react-i18next';
import { PlacementFilter } from '@/components/fleet/placement-filter';
import { Button } from '@/components/ui/button';
import { IconSearch } from '@/components/ui/icons';
import { DV_PHASES } from '@/lib/datavolume/dv-phase';
import { hasActiveDvFilters, type DvListFilters } from './dv-filters';

const SELECT =
  'h-7 rounded-md border border-slate-300 bg-white px-2 text-[13px] text-slate-800 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100';

export interface DvToolbarProps {
  filters: DvListFilters;
  search: string;
  onSearch: (q: string) => void;
  onChange: (patch: Partial<DvListFilters>) => void;
  sites: string[];
  /** The fleet's regions when its sites carry a placement (tier and region filters), else none. */
  regions?: string[];
  namespaces: string[];
}

export function DvToolbar({ filters, search, onSearch, onChange, sites, regions, namespaces }: DvToolbarProps) {
  const { t } = useTranslation('datavolumes');
  return (
    <div className="flex flex-wrap items-center gap-2">
      <label className="relative flex items-center">
        <span className="sr-only">{t('search.label')}</span>
        <IconSearch className="pointer-events-none absolute left-2 text-slate-400" width={14} height={14} />
        <input
          type="search"
          data-testid="dv-search"
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
          testIdPrefix="dv-filter"
          onChange={(patch) => onChange({ ...patch, site: undefined, namespace: undefined })}
        />
      )}
      <select
        aria-label={t('common:noun.site')}
        data-testid="dv-filter-site"
        className={SELECT}
        value={filters.site ?? ''}
        onChange={(e) => onChange({ site: e.target.value || undefined, namespace: undefined })}
      >
        <option value="">{t('common:noun.allSites')}</option>
        {sites.map((s) => (
          <option key={s} value={s}>
            {s}
          </option>
        ))}
      </select>
      <select
        aria-label={t('common:noun.namespace')}
        data-testid="dv-filter-namespace"
        className={SELECT}
        value={filters.namespace ?? ''}
        onChange={(e) => onChange({ namespace: e.target.value || undefined })}
      >
        <option value="">{t('vm-list:filters.allNamespaces')}</option>
        {namespaces.map((n) => (
          <option key={n} value={n}>
            {n}
          </option>
        ))}
      </select>
      <select
        aria-label={t('columns.phase')}
        data-testid="dv-filter-phase"
        className={SELECT}
        value={filters.phase ?? ''}
        onChange={(e) => onChange({ phase: e.target.value || undefined })}
      >
        <option value="">{t('filters.anyPhase')}</option>
        {DV_PHASES.map((p) => (
          <option key={p} value={p}>
            {t(`phase.${p}.label`)}
          </option>
        ))}
      </select>
      {(hasActiveDvFilters(filters) || search) && (
        <Button variant="ghost" onClick={() => onChange({ q: '', namespace: undefined, phase: undefined })}>
          {t('vm-list:filters.clear')}
        </Button>
      )}
    </div>
  );
}
