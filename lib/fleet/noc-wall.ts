/**
 * The NOC wall's rules, pure so they are tested without a screen: which sites come first, what
 * counts as red, how pages rotate, when the screen dims, shifts and reloads itself.
 */
import { TILE_STATES, type FleetAlertKind, type SiteSummary } from '../api/fleet';

/** Alerts that make a tile red (someone must act now); the others are amber. */
const RED_ALERTS = new Set<FleetAlertKind>(['vm-failed', 'vm-crashloop', 'node-not-ready']);

export function isRed(s: SiteSummary): boolean {
  // An unreachable site is grey with its last known state, never red from counts it cannot vouch for.
  if (s.state === 'unreachable' || s.state === 'stale') return false;
  return s.state === 'down' || s.alerts.some((a) => RED_ALERTS.has(a.kind));
}

/** Worst first: red, then by tile state, then most alerts, then by name. */
export function worstFirst(sites: Iterable<SiteSummary>): SiteSummary[] {
  const rank = (s: SiteSummary) => (isRed(s) ? -1 : TILE_STATES.indexOf(s.state));
  return [...sites].sort(
    (a, b) => rank(a) - rank(b) || b.alerts.length - a.alerts.length || a.site.localeCompare(b.site),
  );
}

/** Splits the sorted sites into pages of `perPage` (at least one page, even when empty). */
export function paginate<T>(items: T[], perPage: number): T[][] {
  const size = Math.max(1, Math.floor(perPage));
  const pages: T[][] = [];
  for (let i = 0; i < items.length; i += size) pages.push(items.slice(i, i + size));
  return pages.length ? pages : [[]];
}

/** The page after `current` when the rotation timer fires: a page with red holds the screen. */
export function nextPage(current: number, pages: SiteSummary[][]): number {
  const here = Math.min(current, pages.length - 1);
  if (pages[here]?.some(isRed)) return here;
  return (here + 1) % pages.length;
}

/** How many tiles fit a screen of `width` × `height` CSS pixels (large tiles, readable from 5 m). */
export function tilesPerPage(width: number, height: number, header = 220): { columns: number; rows: number } {
  const columns = Math.max(1, Math.min(6, Math.floor(width / 440)));
  const rows = Math.max(1, Math.min(4, Math.floor((height - header) / 270)));
  return { columns, rows };
}

/** Night dim from `22-6` (hours, local time; may wrap midnight). Undefined for a bad spec. */
export function parseDimHours(spec: string | null | undefined): { from: number; to: number } | undefined {
  const m = /^(\d{1,2})-(\d{1,2})$/.exec(spec ?? '');
  if (!m) return undefined;
  const from = Number(m[1]);
  const to = Number(m[2]);
  if (from > 23 || to > 23 || from === to) return undefined;
  return { from, to };
}

export function isDimmed(hour: number, dim: { from: number; to: number } | undefined): boolean {
  if (!dim) return false;
  return dim.from < dim.to ? hour >= dim.from && hour < dim.to : hour >= dim.from || hour < dim.to;
}

/** Burn-in protection: the whole frame walks a small loop, one step per `step` (±4 px). */
const SHIFT_PATH: [number, number][] = [
  [0, 0],
  [2, 1],
  [4, 2],
  [3, 4],
  [1, 3],
  [-1, 4],
  [-3, 3],
  [-4, 1],
  [-3, -1],
  [-2, -3],
  [0, -4],
  [2, -3],
  [4, -2],
  [2, -1],
];

export function pixelShift(step: number): { x: number; y: number } {
  const [x, y] = SHIFT_PATH[((step % SHIFT_PATH.length) + SHIFT_PATH.length) % SHIFT_PATH.length] as [
    number,
    number,
  ];
  return { x, y };
}

/**
 * Once a day at the quiet hour (local time) a screen that has run for over an hour reloads
 * itself, but only while the backend answers: a reload during an outage would trade the last
 * frame for an error page.
 */
export function dailyReloadDue(loadedAt: number, now: number, quietHour: number, live: boolean): boolean {
  if (!live || now - loadedAt < 3600_000) return false;
  return new Date(now).getHours() === quietHour;
}

/** The quiet hour from `?reload=4` (default 4 a.m.). */
export function parseQuietHour(spec: string | null | undefined): number {
  const n = Number(spec);
  return spec && Number.isInteger(n) && n >= 0 && n <= 23 ? n : 4;
}
