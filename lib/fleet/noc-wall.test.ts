import { describe, expect, it } from 'vitest';
import type { SiteSummary, TileState } from '../api/fleet';
import {
  dailyReloadDue,
  isDimmed,
  isRed,
  nextPage,
  paginate,
  parseDimHours,
  parseQuietHour,
  pixelShift,
  tilesPerPage,
  worstFirst,
} from './noc-wall';

function site(name: string, state: TileState, alerts: SiteSummary['alerts'] = []): SiteSummary {
  return {
    site: name,
    state,
    reach: 'healthy',
    asOf: null,
    live: true,
    vms: { total: 0, byStatus: {} },
    nodes: { total: 1, ready: 1 },
    migrations: { active: 0 },
    imports: { active: 0 },
    alerts,
  };
}

describe('NOC wall rules', () => {
  it('is red for a down site or a failed VM, never for an unreachable or stale one', () => {
    expect(isRed(site('a', 'down'))).toBe(true);
    expect(isRed(site('a', 'degraded', [{ kind: 'vm-crashloop', name: 'x' }]))).toBe(true);
    expect(isRed(site('a', 'degraded', [{ kind: 'import-stuck', name: 'x' }]))).toBe(false);
    expect(isRed(site('a', 'unreachable', [{ kind: 'vm-failed', name: 'x' }]))).toBe(false);
    expect(isRed(site('a', 'stale', [{ kind: 'vm-failed', name: 'x' }]))).toBe(false);
  });

  it('sorts worst first: red, then by state, then by alert count and name', () => {
    const sorted = worstFirst([
      site('h', 'healthy'),
      site('u', 'unreachable'),
      site('d2', 'degraded', [{ kind: 'import-stuck' }]),
      site('d1', 'degraded', [{ kind: 'vm-failed' }]),
      site('s', 'stale'),
      site('x', 'down'),
    ]);
    expect(sorted.map((s) => s.site)).toEqual(['d1', 'x', 'u', 'd2', 's', 'h']);
  });

  it('rotates pages and holds a page with red', () => {
    const pages = paginate(
      [
        site('r', 'down'),
        site('a', 'healthy'),
        site('b', 'healthy'),
        site('c', 'healthy'),
        site('d', 'healthy'),
      ],
      2,
    );
    expect(pages.map((p) => p.map((s) => s.site))).toEqual([['r', 'a'], ['b', 'c'], ['d']]);
    expect(nextPage(0, pages)).toBe(0);
    expect(nextPage(1, pages)).toBe(2);
    expect(nextPage(2, pages)).toBe(0);
    expect(nextPage(7, pages)).toBe(0);
    expect(paginate([], 4)).toEqual([[]]);
  });

  it('fits large tiles to the screen', () => {
    expect(tilesPerPage(1920, 1080)).toEqual({ columns: 4, rows: 3 });
    expect(tilesPerPage(300, 200)).toEqual({ columns: 1, rows: 1 });
  });

  it('dims at night, across midnight too', () => {
    const dim = parseDimHours('22-6');
    expect(dim).toEqual({ from: 22, to: 6 });
    expect([21, 22, 23, 0, 5, 6].map((h) => isDimmed(h, dim))).toEqual([
      false,
      true,
      true,
      true,
      true,
      false,
    ]);
    expect(isDimmed(13, parseDimHours('12-14'))).toBe(true);
    expect(parseDimHours('25-3')).toBeUndefined();
    expect(parseDimHours('abc')).toBeUndefined();
    expect(isDimmed(23, undefined)).toBe(false);
  });

  it('shifts the frame by a few pixels in a loop', () => {
    const steps = Array.from({ length: 30 }, (_, i) => pixelShift(i));
    for (const s of steps) expect(Math.max(Math.abs(s.x), Math.abs(s.y))).toBeLessThanOrEqual(4);
    expect(new Set(steps.map((s) => `${s.x},${s.y}`)).size).toBeGreaterThan(8);
    expect(pixelShift(-1)).toEqual(pixelShift(13));
  });

  it('reloads once a day at the quiet hour, only while live and after an hour up', () => {
    const at4 = new Date(2026, 0, 2, 4, 10).getTime();
    expect(dailyReloadDue(at4 - 2 * 3600_000, at4, 4, true)).toBe(true);
    expect(dailyReloadDue(at4 - 2 * 3600_000, at4, 4, false)).toBe(false);
    expect(dailyReloadDue(at4 - 60_000, at4, 4, true)).toBe(false);
    expect(dailyReloadDue(at4 - 2 * 3600_000, at4, 5, true)).toBe(false);
    expect(parseQuietHour('3')).toBe(3);
    expect(parseQuietHour('x')).toBe(4);
    expect(parseQuietHour(null)).toBe(4);
  });
});
