import { describe, expect, it } from 'vitest';
import type { KubeNode } from '../k8s/resources/node';
import type { VirtualMachine } from '../k8s/resources/virtual-machine';
import {
  crossSiteMayStart,
  crossSitePreflight,
  DECENTRALIZED_GATE,
  type CrossSiteInput,
} from './cross-site-preflight';

const kv = (gates: string[]) => ({
  metadata: { name: 'kubevirt' },
  spec: { configuration: { developerConfiguration: { featureGates: gates } } },
});
const node = (memory: string, labels: Record<string, string> = {}): KubeNode => ({
  metadata: { name: 'n', labels },
  status: { allocatable: { memory }, conditions: [{ type: 'Ready', status: 'True' }] },
});
const vm = (extra: Partial<VirtualMachine['spec']['template']['spec']> = {}): VirtualMachine => ({
  metadata: { name: 'web', namespace: 'prod' },
  spec: {
    runStrategy: 'Always',
    template: { spec: { domain: { memory: { guest: '1Gi' }, devices: {} }, ...extra } },
  },
});
const base = (over: Partial<CrossSiteInput> = {}): CrossSiteInput => ({
  vm: vm(),
  sourceSite: 'a',
  targetSite: 'b',
  sourceKv: kv([DECENTRALIZED_GATE]),
  targetKv: kv([DECENTRALIZED_GATE]),
  targetNodes: [node('4Gi')],
  targetNads: [],
  targetNamespace: 'prod',
  targetClaims: new Set(),
  link: { bandwidthBytesPerSec: 100 * 2 ** 20, rttMs: 10, rttEstimated: true },
  dirtyRateBytesPerSec: 0,
  ...over,
});
const line = (i: CrossSiteInput, key: string) => crossSitePreflight(i).find((l) => l.key === key);

describe('cross-site pre-flight', () => {
  it('passes every line for a gated pair with room, a fast link and ephemeral disks', () => {
    const lines = crossSitePreflight(base());
    expect(lines.map((l) => [l.key, l.ok])).toEqual([
      ['gate', true],
      ['link', true],
      ['cpu', true],
      ['disks', true],
      ['networks', true],
      ['capacity', true],
    ]);
    expect(line(base(), 'link')?.reason).toBe('linkOk');
  });
  it('names the site without the DecentralizedLiveMigration gate', () => {
    expect(line(base({ targetKv: kv([]) }), 'gate')).toMatchObject({ ok: false, values: { sites: 'b' } });
  });
  it('predicts a link slower than the dirty rate never converges', () => {
    const i = base({ link: { bandwidthBytesPerSec: 2 ** 20, rttMs: 10 }, dirtyRateBytesPerSec: 4 * 2 ** 20 });
    expect(line(i, 'link')).toMatchObject({ ok: false, advisory: true, reason: 'linkNeverConverges' });
    expect(crossSiteMayStart(crossSitePreflight(i))).toBe(true);
  });
  it('warns, without blocking, when the link is not measured', () => {
    expect(line(base({ link: undefined }), 'link')).toMatchObject({
      ok: true,
      warn: true,
      reason: 'linkUnmeasured',
    });
  });
  it('fails a CPU model no target node offers, DataVolumes without a copy, missing networks and no room', () => {
    const i = base({
      vm: vm({
        domain: { cpu: { model: 'Skylake' }, memory: { guest: '8Gi' }, devices: {} },
        volumes: [{ name: 'root', dataVolume: { name: 'web-root' } }],
        networks: [{ name: 'lan', multus: { networkName: 'lan' } }],
      }),
      targetNodes: [node('4Gi', { 'cpu-model.node.kubevirt.io/Haswell': 'true' })],
    });
    expect(line(i, 'cpu')).toMatchObject({ ok: false, values: { model: 'Skylake' } });
    expect(line(i, 'disks')).toMatchObject({ ok: false, values: { names: 'web-root' }, missing: ['web-root'] });
    expect(line(i, 'networks')).toMatchObject({ ok: false, values: { names: 'prod/lan' } });
    expect(line(i, 'capacity')).toMatchObject({ ok: false });
    expect(crossSiteMayStart(crossSitePreflight(i))).toBe(false);
  });
  it('passes the disks once the target namespace holds a claim of each name, and names the rest', () => {
    const volumes = [
      { name: 'root', dataVolume: { name: 'web-root' } },
      { name: 'data', persistentVolumeClaim: { claimName: 'web-data' } },
    ];
    const i = (claims: string[]) => base({ vm: vm({ volumes }), targetClaims: new Set(claims) });
    expect(line(i(['web-root']), 'disks')).toMatchObject({ ok: false, missing: ['web-data'] });
    expect(line(i(['web-root', 'web-data', 'other']), 'disks')).toMatchObject({
      ok: true,
      reason: 'disksCopied',
      values: { names: 'web-root, web-data' },
    });
  });
});
