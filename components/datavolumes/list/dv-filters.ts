/**
 * The DataVolumes page's filters, kept in the URL so a view can be shared and survives reload.
 * Pure parse/serialise; unknown parameters fall back to defaults.
 */
import { tierParam, type SiteTier } from '@/lib/api/sites';

export interface DvListFilters {
  /** Free text over name, namespace, site, source, claim and VM. */
  q: string;
  site?: string;
  /** Only sites of this tier / region (their kubeconfig placement). */
  tier?: SiteTier;
  region?: string;
  namespace?: string;
  /** One phase (as CDI spells it), or undefined for any. */
  phase?: string;
}

export function parseDvFilters(params: URLSearchParams): DvListFilters {
  return {
    q: params.get('q') ?? '',
    site: params.get('site') || undefined,
    tier: tierParam(params.get('tier')),
    region: params.get('region') || undefined,
    namespace: params.get('namespace') || undefined,
    phase: params.get('phase') || undefined,
  };
}

export function serializeDvFilters(f: DvListFilters): URLSearchParams {
  const p = new URLSearchParams();
  if (f.site) p.set('site', f.site);
  if (f.tier) p.set('tier', f.tier);
  if (f.region) p.set('region', f.region);
  if (f.namespace) p.set('namespace', f.namespace);
  if (f.phase) p.set('phase', f.phase);
  if (f.q) p.set('q', f.q);
  return p;
}

export function hasActiveDvFilters(f: DvListFilters): boolean {
  return Boolean(f.q || f.namespace || f.phase);
}
