import { describe, expect, it } from 'vitest';
import { KubeApiError } from '@/lib/k8s/kube-api-error';
import type { SiteVms } from '@/lib/k8s/hooks/use-site-vms';
import { emptySnapshot, type WatchSnapshot } from '@/lib/k8s/watch';
import type { VirtualMachine } from '@/lib/k8s/resources/virtual-machine';
import type { SiteStatus } from '@/lib/api/sites';
import { healthCounts, siteView, sitesMatching, type SiteView } from './site-view';

const status = (name: string, patch: Partial<SiteStatus>): SiteStatus => ({
  name,
  server: 'https://x',
  status: 'healthy',
  rttMs: 1,
  lastSeen: null,
  message: '',
  ...patch,
});

const vm: VirtualMachine = {
  metadata: { namespace: 'd', name: 'a' },
  spec: { template: { spec: { domain: { devices: {} } } } },
};

function site(patch: Partial<WatchSnapshot<VirtualMachine>> = {}): SiteVms {
  const vms = {
    ...emptySnapshot<VirtualMachine>(),
    items: new Map([['d/a', vm]]),
    listed: true,
    connection: 'live' as const,
    lastUpdated: 1000,
    ...patch,
  };
  return {
    site: 'east',
    vms,
    vmis: { ...emptySnapshot(), listed: true, connection: 'live', lastUpdated: 500 },
  };
}

describe('siteView', () => {
  it('is live when both watches are, with the older confirmation time', () => {
    expect(siteView(site(), status('east', { status: 'healthy' }))).toMatchObject({
      health: 'live',
      lastUpdated: 500,
      count: 1,
    });
  });

  it('marks a reconnecting site unreachable and keeps its VMs', () => {
    const err = new KubeApiError(503, { message: 'cluster east is unreachable' });
    const v = siteView(site({ connection: 'reconnecting', error: err }), undefined);
    expect(v).toMatchObject({
      health: 'unreachable',
      count: 1,
      listed: true,
      errorMessage: 'cluster east is unreachable',
    });
  });

  it('trusts the BFF probe when it says unreachable before the watch notices', () => {
    expect(
      siteView(site(), status('east', { status: 'unreachable', message: 'dial tcp: timeout' })),
    ).toMatchObject({ health: 'unreachable', errorMessage: 'dial tcp: timeout' });
  });

  it('reports RBAC refusals as denied, not as a down site', () => {
    const err = new KubeApiError(403, { message: 'forbidden' });
    expect(
      siteView(site({ connection: 'reconnecting', error: err }), status('east', { status: 'healthy' }))
        .health,
    ).toBe('denied');
  });
});

describe('site health summary', () => {
  const v = (site: string, health: SiteView['health']): SiteView => ({
    site,
    health,
    lastUpdated: null,
    count: 0,
    listed: true,
  });
  const views = [
    v('a', 'live'),
    v('b', 'unreachable'),
    v('c', 'live'),
    v('d', 'connecting'),
    v('shop-2', 'live'),
  ];

  it('counts sites per health, worst first, leaving out healths no site has', () => {
    expect(healthCounts(views)).toEqual([
      ['unreachable', 1],
      ['connecting', 1],
      ['live', 3],
    ]);
    expect(healthCounts([])).toEqual([]);
  });

  it('finds sites by name, worst first then by name', () => {
    expect(sitesMatching(views, '').map((s) => s.site)).toEqual(['b', 'd', 'a', 'c', 'shop-2']);
    expect(sitesMatching(views, ' SHOP ').map((s) => s.site)).toEqual(['shop-2']);
  });
});
