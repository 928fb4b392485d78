'use client';
import { useTranslation } from 'react-i18next';
import { IconSearch } from '@/components/ui/icons';
import {
  PHASE_GROUPS,
  WINDOWS,
  type MigrationFilters,
  type PhaseGroup,
  type TimeWindow,
} from '@/lib/migration/rows';

const SELECT =
  'h-7 rounded-md border border-slate-300 bg-white px-2 text-[13px] text-slate-800 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100';

export interface MigrationToolbarProps {
  filters: MigrationFilters;
  search: string;
  onSearch: (q: string) => void;
  onChange: (patch: Partial<MigrationFilters>) => void;
  sites: string[];
  namespaces: string[];
}

export function MigrationToolbar({
  filters,
  search,
  onSearch,
  onChange,
  sites,
  namespaces,
}: MigrationToolbarProps) {
  const { t } = useTranslation('migrations');
  return (
    <div className="flex flex-wrap items-center gap-2">
      <label className="relative flex items-center">
        <span className="sr-only">{t('filters.search')}</span>
        <IconSearch className="pointer-events-none absolute left-2 text-slate-400" width={14} height={14} />
        <input
          type="search"
          data-testid="migration-search"
          value={search}
          placeholder={t('filters.search')}
          onChange={(e) => onSearch(e.target.value)}
          className="h-7 w-64 rounded-md border border-slate-300 bg-white pr-2 pl-7 text-[13px] dark:border-slate-700 dark:bg-slate-900"
        />
      </label>
      <select
        aria-label={t('common:noun.site')}
        data-testid="filter-site"
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
        data-testid="filter-namespace"
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
        aria-label={t('col.phase')}
        data-testid="filter-phase"
        className={SELECT}
        value={filters.phase ?? ''}
        onChange={(e) => onChange({ phase: (e.target.value || undefined) as PhaseGroup | undefined })}
      >
        <option value="">{t('filters.anyPhase')}</option>
        {PHASE_GROUPS.map((g) => (
          <option key={g} value={g}>
            {t(`group.${g}`)}
          </option>
        ))}
      </select>
      <select
        aria-label={t('filters.window')}
        data-testid="filter-window"
        className={SELECT}
        value={filters.window}
        onChange={(e) => onChange({ window: e.target.value as TimeWindow })}
      >
        {WINDOWS.map((w) => (
          <option key={w} value={w}>
            {t(`window.${w}`)}
          </option>
        ))}
      </select>
    </div>
  );
}
