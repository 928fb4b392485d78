import { describe, expect, it } from 'vitest';
import type { SiteStatus, SitePlacement } from '@/lib/api/sites';
import { siteGroups } from './site-groups';

const s = (name: string, placement?: SitePlacement): SiteStatus => ({
  name,
  server: 'https://x',
  status: 'healthy',
  rttMs: 1,
  lastSeen: null,
  message: '',
  placement,
});

describe('siteGroups', () => {
  const sites = [
    s('edge-2', { tier: 'edge', region: 'west', labels: {} }),
    s('loose'),
    s('edge-1', { tier: 'edge', region: 'east', labels: {} }),
    s('hub', { tier: 'regional', region: 'east', labels: {} }),
    s('hq', { tier: 'central', region: 'hq', labels: {} }),
  ];

  it('sections by tier (central first) then region, unplaced last, keeping site order inside', () => {
    expect(siteGroups(sites, '').map((g) => [g.tier, g.region, g.sites.map((x) => x.name)])).toEqual([
      ['central', 'hq', ['hq']],
      ['regional', 'east', ['hub']],
      ['edge', 'east', ['edge-1']],
      ['edge', 'west', ['edge-2']],
      [undefined, undefined, ['loose']],
    ]);
  });

  it('searches name, tier and region', () => {
    expect(siteGroups(sites, 'WEST').flatMap((g) => g.sites.map((x) => x.name))).toEqual(['edge-2']);
    expect(siteGroups(sites, 'edge').flatMap((g) => g.sites.map((x) => x.name))).toEqual([
      'edge-1',
      'edge-2',
    ]);
    expect(siteGroups(sites, 'nothing')).toEqual([]);
  });
});
