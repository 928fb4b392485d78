/**
 * Per-site health as the VM list shows it, from the watch state and the BFF's cluster probe.
 * A site that cannot be reached keeps its rows, marked stale; it is never shown as failed.
 */
import type { SiteVms } from '@/lib/k8s/hooks/use-site-vms';
import type { SiteStatus } from '@/lib/api/sites';

export interface SiteView {
  site: string;
  health: 'live' | 'connecting' | 'unreachable' | 'denied';
  /** Last time the data was confirmed by the site (ms epoch). */
  lastUpdated: number | null;
  /** VMs known from this site (possibly stale). */
  count: number;
  listed: boolean;
  errorMessage?: string;
}

/** Oldest confirmation of the two watches: the rows are only as fresh as the staler one. */
function oldest(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  if (b === null) return a;
  return Math.min(a, b);
}

export function siteView(s: SiteVms, cluster: SiteStatus | undefined): SiteView {
  const error = s.vms.error ?? s.vmis.error;
  const denied = error !== null && (error.code === 401 || error.code === 403);
  const down =
    cluster?.status === 'unreachable' ||
    (!denied && (s.vms.connection === 'reconnecting' || s.vmis.connection === 'reconnecting'));
  let health: SiteView['health'] = 'live';
  if (denied) health = 'denied';
  else if (down) health = 'unreachable';
  else if (s.vms.connection === 'connecting' || s.vmis.connection === 'connecting') health = 'connecting';
  return {
    site: s.site,
    health,
    lastUpdated: oldest(s.vms.lastUpdated, s.vmis.lastUpdated),
    count: s.vms.items.size,
    listed: s.vms.listed,
    errorMessage:
      error?.message ?? (cluster?.status === 'unreachable' ? (cluster.message ?? undefined) : undefined),
  };
}

/** Site health worst first: what the summary line leads with. */
export const HEALTH_ORDER: SiteView['health'][] = ['unreachable', 'denied', 'connecting', 'live'];

/** Sites per health, worst first, only the healths some site has: "196 live · 3 stale". */
export function healthCounts(views: SiteView[]): [SiteView['health'], number][] {
  const n = new Map<SiteView['health'], number>();
  for (const v of views) n.set(v.health, (n.get(v.health) ?? 0) + 1);
  return HEALTH_ORDER.flatMap((h) =>
    n.has(h) ? [[h, n.get(h) as number] as [SiteView['health'], number]] : [],
  );
}

/** The sites a search keeps (by name), worst first, then by name. */
export function sitesMatching(views: SiteView[], q: string): SiteView[] {
  const needle = q.trim().toLowerCase();
  return views
    .filter((v) => !needle || v.site.toLowerCase().includes(needle))
    .sort(
      (a, b) =>
        HEALTH_ORDER.indexOf(a.health) - HEALTH_ORDER.indexOf(b.health) || a.site.localeCompare(b.site),
    );
}
