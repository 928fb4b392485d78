/**
 * The DataVolumes page's filters, kept in the URL so a view can be shared and survives reload.
 * Pure parse/serialise; unknown parameters fall back to defaults.
 */
export interface DvListFilters {
  /** Free text over name, namespace, site, source, claim and VM. */
  q: string;
  site?: string;
  namespace?: string;
  /** One phase (as CDI spells it), or undefined for any. */
  phase?: string;
}

export function parseDvFilters(params: URLSearchParams): DvListFilters {
  return {
    q: params.get('q') ?? '',
    site: params.get('site') || undefined,
    namespace: params.get('namespace') || undefined,
    phase: params.get('phase') || undefined,
  };
}

export function serializeDvFilters(f: DvListFilters): URLSearchParams {
  const p = new URLSearchParams();
  if (f.site) p.set('site', f.site);
  if (f.namespace) p.set('namespace', f.namespace);
  if (f.phase) p.set('phase', f.phase);
  if (f.q) p.set('q', f.q);
  return p;
}

export function hasActiveDvFilters(f: DvListFilters): boolean {
  return Boolean(f.q || f.namespace || f.phase);
}
