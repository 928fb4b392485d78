/**
 * The VM list's filters and sort, kept in the URL so a view can be shared and survives reload.
 * Pure parse/serialise; unknown or malformed parameters fall back to defaults.
 */
import { tierParam, type SiteTier } from '@/lib/api/sites';

export const SORT_KEYS = ['name', 'namespace', 'site', 'status', 'node', 'ip', 'cpu', 'memory', 'age'] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export type SortDir = 'asc' | 'desc';

export interface VmListFilters {
  /** Free text over name, namespace, node and IPs. */
  q: string;
  /** One site, or undefined for all sites. */
  site?: string;
  /** Only sites of this tier / region (their kubeconfig placement). */
  tier?: SiteTier;
  region?: string;
  namespace?: string;
  /** printableStatus values (any of). */
  status: string[];
  /** Label selector text (`app=web,tier!=db`). */
  label: string;
  /** Only VMs whose network stops them from live-migrating (`net=blocked`). */
  netBlocked: boolean;
  sort: SortKey;
  dir: SortDir;
}

export const DEFAULT_FILTERS: VmListFilters = { q: '', status: [], label: '', netBlocked: false, sort: 'name', dir: 'asc' };

/** Reads filters from URL search params. */
export function parseFilters(params: URLSearchParams): VmListFilters {
  const sort = params.get('sort') ?? '';
  const status = (params.get('status') ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return {
    q: params.get('q') ?? '',
    site: params.get('site') || undefined,
    tier: tierParam(params.get('tier')),
    region: params.get('region') || undefined,
    namespace: params.get('namespace') || undefined,
    status,
    label: params.get('label') ?? '',
    netBlocked: params.get('net') === 'blocked',
    sort: (SORT_KEYS as readonly string[]).includes(sort) ? (sort as SortKey) : DEFAULT_FILTERS.sort,
    dir: params.get('dir') === 'desc' ? 'desc' : 'asc',
  };
}

/** Writes filters to search params, omitting defaults so URLs stay short. */
export function serializeFilters(f: VmListFilters): URLSearchParams {
  const p = new URLSearchParams();
  if (f.site) p.set('site', f.site);
  if (f.tier) p.set('tier', f.tier);
  if (f.region) p.set('region', f.region);
  if (f.namespace) p.set('namespace', f.namespace);
  if (f.status.length) p.set('status', f.status.join(','));
  if (f.label.trim()) p.set('label', f.label.trim());
  if (f.q) p.set('q', f.q);
  if (f.netBlocked) p.set('net', 'blocked');
  if (f.sort !== DEFAULT_FILTERS.sort) p.set('sort', f.sort);
  if (f.dir !== DEFAULT_FILTERS.dir) p.set('dir', f.dir);
  return p;
}

/** Whether any narrowing filter (not sort, not site) is active. */
export function hasActiveFilters(f: VmListFilters): boolean {
  return Boolean(f.q || f.namespace || f.status.length || f.label.trim() || f.netBlocked);
}
