/**
 * The fleet overview's rules, pure: which tiles a search and a state filter keep, the fleet's
 * totals, and whether a tile changed recently enough to be marked.
 */
import { TILE_STATES, type SiteSummary, type TileState } from '../api/fleet';
import { inPlacement, SITE_TIERS, type SiteTier } from '../api/sites';
import { worstFirst } from './noc-wall';

/** A tile whose headline changed within this window is marked "changed". */
export const RECENT_CHANGE_MS = 30 * 60_000;

export function changedRecently(s: SiteSummary, now: number): boolean {
  if (!s.changedAt) return false;
  const at = Date.parse(s.changedAt);
  return !Number.isNaN(at) && now - at <= RECENT_CHANGE_MS;
}

export interface OverviewFilter {
  /** Free text over the site name. */
  q: string;
  /** Only tiles in this state. */
  state?: TileState;
  /** Only tiles changed in the last 30 minutes. */
  recent: boolean;
  /** Only sites of this tier / region (their kubeconfig placement). */
  tier?: SiteTier;
  region?: string;
  /** Tiles in sections by tier or region. */
  group?: OverviewGroup;
}

export const OVERVIEW_GROUPS = ['tier', 'region'] as const;
export type OverviewGroup = (typeof OVERVIEW_GROUPS)[number];

/** The tiles a filter keeps, worst first. */
export function overviewTiles(sites: Iterable<SiteSummary>, f: OverviewFilter, now: number): SiteSummary[] {
  const q = f.q.trim().toLowerCase();
  return worstFirst(
    [...sites].filter(
      (s) =>
        (!q || s.site.toLowerCase().includes(q)) &&
        (!f.state || s.state === f.state) &&
        (!f.recent || changedRecently(s, now)) &&
        inPlacement(s.placement, f),
    ),
  );
}

export interface FleetTotals {
  byState: Record<TileState, number>;
  vms: number;
  running: number;
  alerts: number;
  changed: number;
}

export function fleetTotals(sites: Iterable<SiteSummary>, now: number): FleetTotals {
  const byState = Object.fromEntries(TILE_STATES.map((s) => [s, 0])) as Record<TileState, number>;
  const t: FleetTotals = { byState, vms: 0, running: 0, alerts: 0, changed: 0 };
  for (const s of sites) {
    byState[s.state]++;
    t.vms += s.vms.total;
    t.running += s.vms.byStatus.Running ?? 0;
    t.alerts += s.alerts.length;
    if (changedRecently(s, now)) t.changed++;
  }
  return t;
}

/** Printable statuses of a tile, most VMs first (Running leads when present). */
export function statusCounts(s: SiteSummary): [string, number][] {
  return Object.entries(s.vms.byStatus)
    .filter(([, n]) => n > 0)
    .sort((a, b) =>
      a[0] === 'Running' ? -1 : b[0] === 'Running' ? 1 : b[1] - a[1] || a[0].localeCompare(b[0]),
    );
}

/**
 * Tiles in sections: by tier in the tiers' order (central first), by region alphabetically; a
 * site without one is in the last section, keyed ''. Each section keeps the worst-first order.
 */
export function groupTiles(tiles: SiteSummary[], by: OverviewGroup | undefined): [string, SiteSummary[]][] {
  if (!by) return [['', tiles]];
  const groups = new Map<string, SiteSummary[]>();
  for (const s of tiles) {
    const key = (by === 'tier' ? s.placement?.tier : s.placement?.region) ?? '';
    groups.set(key, [...(groups.get(key) ?? []), s]);
  }
  const rank = (k: string) => (k === '' ? Infinity : by === 'tier' ? SITE_TIERS.indexOf(k as SiteTier) : 0);
  return [...groups].sort((a, b) => rank(a[0]) - rank(b[0]) || a[0].localeCompare(b[0]));
}
