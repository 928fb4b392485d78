/** The backend's site list: `GET SITES_PATH` → `SiteList`, one `SiteStatus` per site. */
export const SITES_PATH = '/api/clusters';

/** A site's reachability as the backend's probes see it. */
export type SiteHealth = 'unknown' | 'healthy' | 'degraded' | 'unreachable';

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
}

export interface SiteList {
  items: SiteStatus[];
}
