import { describe, expect, it } from 'vitest';
import type { SiteSummary } from '../api/fleet';
import { regionsOf } from '../api/sites';
import { changedRecently, fleetTotals, groupTiles, overviewTiles, statusCounts } from './overview';

const NOW = Date.parse('2026-12-07T06:00:00Z');

function site(name: string, patch: Partial<SiteSummary> = {}): SiteSummary {
  return {
    site: name,
    state: 'healthy',
    reach: 'healthy',
    asOf: new Date(NOW).toISOString(),
    live: true,
    vms: { total: 3, byStatus: { Running: 2, Stopped: 1 } },
    nodes: { total: 1, ready: 1 },
    migrations: { active: 0 },
    imports: { active: 0 },
    alerts: [],
    ...patch,
  };
}

describe('fleet overview', () => {
  it('marks a tile changed within the last 30 minutes, not before', () => {
    expect(changedRecently(site('a', { changedAt: new Date(NOW - 29 * 60_000).toISOString() }), NOW)).toBe(
      true,
    );
    expect(changedRecently(site('a', { changedAt: new Date(NOW - 31 * 60_000).toISOString() }), NOW)).toBe(
      false,
    );
    expect(changedRecently(site('a'), NOW)).toBe(false);
  });

  it('keeps tiles by name, state and recent change, worst first', () => {
    const sites = [
      site('edge-b'),
      site('edge-a', { state: 'unreachable', reach: 'unreachable', live: false }),
      site('central', { state: 'degraded', changedAt: new Date(NOW - 60_000).toISOString() }),
    ];
    expect(overviewTiles(sites, { q: '', recent: false }, NOW).map((s) => s.site)).toEqual([
      'edge-a',
      'central',
      'edge-b',
    ]);
    expect(overviewTiles(sites, { q: 'EDGE', recent: false }, NOW).map((s) => s.site)).toEqual([
      'edge-a',
      'edge-b',
    ]);
    expect(overviewTiles(sites, { q: '', state: 'healthy', recent: false }, NOW).map((s) => s.site)).toEqual([
      'edge-b',
    ]);
    expect(overviewTiles(sites, { q: '', recent: true }, NOW).map((s) => s.site)).toEqual(['central']);
  });

  it('totals the fleet by state, VMs, running, alerts and changes', () => {
    const t = fleetTotals(
      [
        site('a'),
        site('b', {
          state: 'down',
          alerts: [{ kind: 'node-not-ready', name: 'n1' }],
          changedAt: new Date(NOW).toISOString(),
        }),
      ],
      NOW,
    );
    expect(t.byState).toEqual({ unreachable: 0, down: 1, degraded: 0, stale: 0, healthy: 1 });
    expect([t.vms, t.running, t.alerts, t.changed]).toEqual([6, 4, 1, 1]);
  });

  it('lists Running first, then the most common statuses', () => {
    expect(
      statusCounts(
        site('a', { vms: { total: 6, byStatus: { Stopped: 1, Paused: 2, Running: 3, Migrating: 0 } } }),
      ),
    ).toEqual([
      ['Running', 3],
      ['Paused', 2],
      ['Stopped', 1],
    ]);
  });

  it('filters by tier and region and groups by either, central first and unplaced last', () => {
    const sites = [
      site('edge-1', { placement: { tier: 'edge', region: 'west', labels: {} } }),
      site('hub-east', { placement: { tier: 'regional', region: 'east', labels: {} } }),
      site('hq', { placement: { tier: 'central', region: 'hq', labels: {} } }),
      site('loose'),
    ];
    const f = { q: '', recent: false };
    expect(overviewTiles(sites, { ...f, tier: 'edge' }, NOW).map((s) => s.site)).toEqual(['edge-1']);
    expect(overviewTiles(sites, { ...f, region: 'east' }, NOW).map((s) => s.site)).toEqual(['hub-east']);
    expect(regionsOf(sites)).toEqual(['east', 'hq', 'west']);
    const byTier = groupTiles(overviewTiles(sites, f, NOW), 'tier');
    expect(byTier.map(([k, g]) => [k, g.map((s) => s.site)])).toEqual([
      ['central', ['hq']],
      ['regional', ['hub-east']],
      ['edge', ['edge-1']],
      ['', ['loose']],
    ]);
    expect(groupTiles(sites, 'region').map(([k]) => k)).toEqual(['east', 'hq', 'west', '']);
    expect(groupTiles(sites, undefined)).toEqual([['', sites]]);
  });
});
