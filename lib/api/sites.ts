/** The backend's site list: `GET SITES_PATH` → `SiteList`, one `SiteStatus` per site. */
export const SITES_PATH = '/api/clusters';

/** A site's reachability as the backend's probes see it. */
export type SiteHealth = 'unknown' | 'healthy' | 'degraded' | 'unreachable';

/** Where a site sits in the fleet: central, a regional hub, or a single-node edge location. */
export const SITE_TIERS = ['central', 'regional', 'edge'] as const;
export type SiteTier = (typeof SITE_TIERS)[number];

/**
 * A site's tier, region and labels, from the kubeconfig context's extension named
 * `SITE_EXTENSION` (`extensions: [{ name: edgevirt.dev/site, extension: { tier, region, labels } }]`).
 */
export interface SitePlacement {
  tier?: SiteTier;
  region?: string;
  labels: Record<string, string>;
}

export const SITE_EXTENSION = 'edgevirt.dev/site';

/** A tier and/or region to narrow the fleet to (overview, VM list; kept in their URLs). */
export interface PlacementChoice {
  tier?: SiteTier;
  region?: string;
}

/** Whether a site's placement is inside the choice (no choice keeps every site). */
export function inPlacement(p: SitePlacement | undefined, c: PlacementChoice): boolean {
  return (!c.tier || p?.tier === c.tier) && (!c.region || p?.region === c.region);
}

/** A `tier` URL value, if it names a tier. */
export function tierParam(v: string | null): SiteTier | undefined {
  return (SITE_TIERS as readonly string[]).includes(v ?? '') ? (v as SiteTier) : undefined;
}

/** The regions some sites name, sorted. */
export function regionsOf(sites: Iterable<{ placement?: SitePlacement }>): string[] {
  const out = new Set<string>();
  for (const s of sites) if (s.placement?.region) out.add(s.placement.region);
  return [...out].sort();
}

/** One site (one Kubernetes cluster, a kubeconfig context) and its health. */
export interface SiteStatus {
  name: string;
  /** API server URL. */
  server: string;
  status: SiteHealth;
  /** Round-trip time of the last successful probe. */
  rttMs: number | null;
  /** ISO time of the last successful probe. */
  lastSeen: string | null;
  message: string;
  /** Tier, region and labels, when the kubeconfig context sets them. */
  placement?: SitePlacement;
}

export interface SiteList {
  items: SiteStatus[];
}
