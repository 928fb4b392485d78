import { describe, expect, it } from 'vitest';
import type { KubeVirtCr } from '../k8s/resources/kubevirt-cr';
import { crossSiteLink } from './cross-site-link';
import { crossSitePreflight } from './cross-site-preflight';

const kv = (bandwidthPerMigration?: string): KubeVirtCr =>
  ({
    apiVersion: 'kubevirt.io/v1',
    kind: 'KubeVirt',
    metadata: { name: 'kubevirt', namespace: 'kubevirt' },
    spec: { configuration: { migrations: bandwidthPerMigration ? { bandwidthPerMigration } : {} } },
  }) as KubeVirtCr;

describe('the link between two sites, as the console knows it', () => {
  it("takes the source's bandwidth cap and estimates the round trip from the console's probes", () => {
    expect(crossSiteLink(kv('64Mi'), 12, 31)).toEqual({
      bandwidthBytesPerSec: 64 * 2 ** 20,
      rttMs: 43,
      rttEstimated: true,
    });
    // A site not probed yet: the bandwidth is known, the round trip is not.
    expect(crossSiteLink(kv('64Mi'), 12, null)).toEqual({ bandwidthBytesPerSec: 64 * 2 ** 20, rttMs: 0 });
  });

  it('knows nothing without a cap, with an unlimited one (0) or an unparsable one', () => {
    expect(crossSiteLink(kv(), 1, 1)).toBeUndefined();
    expect(crossSiteLink(kv('0'), 1, 1)).toBeUndefined();
    expect(crossSiteLink(kv('lots'), 1, 1)).toBeUndefined();
    expect(crossSiteLink(undefined, 1, 1)).toBeUndefined();
  });

  it('an estimated round trip over 50 ms warns; an unknown one says it was not measured', () => {
    const vm = {
      apiVersion: 'kubevirt.io/v1',
      kind: 'VirtualMachine',
      metadata: { name: 'v', namespace: 'default' },
      spec: { template: { spec: { domain: { devices: {}, memory: { guest: '1Gi' } } } } },
    } as never;
    const link = (l: ReturnType<typeof crossSiteLink>) =>
      crossSitePreflight({
        vm,
        sourceSite: 'a',
        targetSite: 'b',
        targetNodes: [],
        targetNads: [],
        targetClaims: new Set(),
        targetNamespace: 'default',
        link: l,
        dirtyRateBytesPerSec: 0,
      }).find((x) => x.key === 'link');
    expect(link(crossSiteLink(kv('64Mi'), 40, 30))).toMatchObject({ ok: true, warn: true, reason: 'linkSlowRtt', values: { rtt: '70.0' } });
    expect(link(crossSiteLink(kv('64Mi'), 4, 3))).toMatchObject({ ok: true, reason: 'linkOk', values: { rtt: '7.0' } });
    expect(link(crossSiteLink(kv('64Mi'), 4, null))).toMatchObject({ ok: true, reason: 'linkOkNoRtt' });
  });
});
