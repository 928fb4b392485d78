import { describe, expect, it } from 'vitest';
import type { NetworkAttachmentDefinition } from '../k8s/resources/network-attachment-definition';
import type { KubeNode } from '../k8s/resources/node';
import type { KubePod } from '../k8s/resources/pod';
import { NAD_RESOURCE_ANNOTATION } from '../network/sriov';
import type { PersistentVolumeClaim } from '../k8s/resources/persistent-volume-claim';
import type { VirtualMachineInstance } from '../k8s/resources/virtual-machine-instance';
import type { VirtualMachineInstanceMigration } from '../k8s/resources/vmim';
import { preflight } from './preflight';
import {
  elapsedMs,
  filterMigrations,
  migrationRow,
  parseMigrationFilters,
  serializeMigrationFilters,
  DEFAULT_MIGRATION_FILTERS,
} from './rows';

const NOW = Date.parse('2026-12-06T12:00:00Z');

function vmim(name: string, phase: string, start: string, end?: string): VirtualMachineInstanceMigration {
  return {
    apiVersion: 'kubevirt.io/v1',
    kind: 'VirtualMachineInstanceMigration',
    metadata: { name, namespace: 'default', creationTimestamp: start },
    spec: { vmiName: `vm-${name}` },
    status: {
      phase,
      migrationState: {
        startTimestamp: start,
        sourceNode: 'n1',
        targetNode: 'n2',
        ...(end ? { endTimestamp: end } : {}),
        migrationPolicyName: 'fast',
      },
    },
  };
}

describe('migration rows', () => {
  const old = migrationRow(
    'central',
    vmim('old', 'Succeeded', '2026-12-04T10:00:00Z', '2026-12-04T10:01:00Z'),
  );
  const oldActive = migrationRow('central', vmim('stuck', 'Running', '2026-12-04T10:00:00Z'));
  const recent = migrationRow(
    'edge-1',
    vmim('recent', 'Failed', '2026-12-06T11:30:00Z', '2026-12-06T11:31:30Z'),
  );

  it('reads placement, policy and times from migrationState', () => {
    expect(old).toMatchObject({ vmi: 'vm-old', source: 'n1', target: 'n2', policy: 'fast', final: true });
    expect(elapsedMs(recent, NOW)).toBe(90_000);
    expect(elapsedMs(oldActive, NOW)).toBe(NOW - Date.parse('2026-12-04T10:00:00Z'));
  });

  it('reads a running migration from its VMI, as virt-controller copies migrationState to the VMIM only when final', () => {
    const running: VirtualMachineInstanceMigration = {
      apiVersion: 'kubevirt.io/v1',
      kind: 'VirtualMachineInstanceMigration',
      metadata: {
        name: 'live',
        namespace: 'default',
        uid: 'u-live',
        creationTimestamp: '2026-12-06T11:59:00Z',
      },
      spec: { vmiName: 'vm-live' },
      status: { phase: 'Running' },
    };
    const vmiWith = (migrationUid: string) =>
      ({
        apiVersion: 'kubevirt.io/v1',
        kind: 'VirtualMachineInstance',
        metadata: { name: 'vm-live', namespace: 'default' },
        spec: {},
        status: {
          migrationState: {
            migrationUid,
            sourceNode: 'n1',
            targetNode: 'n2',
            startTimestamp: '2026-12-06T11:59:30Z',
            migrationConfiguration: { progressTimeout: 150 },
          },
        },
      }) as unknown as VirtualMachineInstance;
    const row = migrationRow('central', running, vmiWith('u-live'));
    expect(row).toMatchObject({ source: 'n1', target: 'n2', transferStarted: '2026-12-06T11:59:30Z' });
    expect(row.config.progressTimeout).toBe(150);
    expect(elapsedMs(row, NOW)).toBe(30_000);
    // A VMI whose state belongs to another (earlier) migration says nothing about this one.
    const stale = migrationRow('central', running, vmiWith('u-other'));
    expect(stale.transferStarted).toBeUndefined();
    expect(stale.source).toBeUndefined();
  });

  it('shows active migrations whatever the window, finished ones only inside it, active first', () => {
    const shown = filterMigrations([old, recent, oldActive], DEFAULT_MIGRATION_FILTERS, NOW);
    expect(shown.map((r) => r.name)).toEqual(['stuck', 'recent']);
    expect(
      filterMigrations([old, recent, oldActive], { ...DEFAULT_MIGRATION_FILTERS, window: 'all' }, NOW).map(
        (r) => r.name,
      ),
    ).toEqual(['stuck', 'recent', 'old']);
    expect(
      filterMigrations(
        [old, recent, oldActive],
        { ...DEFAULT_MIGRATION_FILTERS, window: 'all', phase: 'failed' },
        NOW,
      ).map((r) => r.name),
    ).toEqual(['recent']);
    expect(
      filterMigrations(
        [old, recent, oldActive],
        { ...DEFAULT_MIGRATION_FILTERS, site: 'edge-1', q: 'VM-REC' },
        NOW,
      ).map((r) => r.name),
    ).toEqual(['recent']);
  });

  it('round-trips filters through the URL and drops unknown values', () => {
    const f = { site: 'edge-1', namespace: 'prod', phase: 'active' as const, q: 'db', window: '7d' as const };
    expect(parseMigrationFilters(serializeMigrationFilters(f))).toEqual(f);
    expect(parseMigrationFilters(new URLSearchParams('phase=bogus&window=3y'))).toEqual(
      DEFAULT_MIGRATION_FILTERS,
    );
    expect(serializeMigrationFilters(DEFAULT_MIGRATION_FILTERS).toString()).toBe('');
  });
});

function vmi(
  over: Partial<VirtualMachineInstance['spec']> = {},
  migratable: 'True' | 'False' | null = 'True',
): VirtualMachineInstance {
  return {
    apiVersion: 'kubevirt.io/v1',
    kind: 'VirtualMachineInstance',
    metadata: { name: 'db', namespace: 'default' },
    spec: {
      domain: { devices: {}, resources: { requests: { memory: '4Gi' } } },
      volumes: [{ name: 'root', dataVolume: { name: 'db-root' } }],
      ...over,
    },
    status: {
      phase: 'Running',
      nodeName: 'n1',
      conditions: migratable
        ? [
            {
              type: 'LiveMigratable',
              status: migratable,
              ...(migratable === 'False'
                ? { reason: 'DisksNotLiveMigratable', message: 'PVC db-root is not shared' }
                : {}),
            },
          ]
        : [],
    },
  };
}
const pvc = (mode: string): Map<string, PersistentVolumeClaim> =>
  new Map([
    [
      'default/db-root',
      {
        apiVersion: 'v1',
        kind: 'PersistentVolumeClaim',
        metadata: { name: 'db-root', namespace: 'default' },
        spec: { accessModes: [mode] },
      },
    ],
  ]);
const node = (
  name: string,
  memory: string,
  labels: Record<string, string> = {},
  unschedulable = false,
): KubeNode => ({
  apiVersion: 'v1',
  kind: 'Node',
  metadata: { name, labels },
  spec: { unschedulable },
  status: { conditions: [{ type: 'Ready', status: 'True' }], allocatable: { memory, cpu: '4' } },
});

describe('pre-flight', () => {
  it('passes every line for a migratable VM on shared disks with a roomy node', () => {
    const lines = preflight(vmi(), pvc('ReadWriteMany'), [node('n1', '8Gi'), node('n2', '8Gi')]);
    expect(lines.map((l) => [l.key, l.ok, l.reason])).toEqual([
      ['migratable', true, 'migratableTrue'],
      ['disks', true, 'disksShared'],
      ['networks', true, 'networksOk'],
      ['cpu', true, 'cpuHostModel'],
      ['target', true, 'targetOk'],
    ]);
    expect(lines[4]?.values?.nodes).toBe('n2');
  });

  it('fails each line with its reason', () => {
    const [m, d, , , t] = preflight(vmi({}, 'False'), pvc('ReadWriteOnce'), [
      node('n1', '8Gi'),
      node('n2', '2Gi'),
      node('n3', '8Gi', {}, true),
    ]);
    expect(m).toMatchObject({
      ok: false,
      reason: 'migratableFalse',
      values: { reason: 'DisksNotLiveMigratable' },
    });
    expect(d).toMatchObject({ ok: false, reason: 'disksNotShared', values: { names: 'db-root' } });
    expect(t).toMatchObject({ ok: false, reason: 'targetNoRoom', values: { nodes: 'n2' } });
    expect(preflight(vmi(), pvc('ReadWriteMany'), [node('n2', '8Gi')], 'db-rebalance')[0]).toMatchObject({
      ok: false,
      reason: 'inFlight',
      values: { name: 'db-rebalance' },
    });
    expect(preflight(vmi({}, null), new Map(), [node('n1', '8Gi')]).map((l) => l.reason)).toEqual([
      'migratableUnknown',
      'disksMissing',
      'networksOk',
      'cpuHostModel',
      'targetNoNode',
    ]);
    expect(
      preflight(vmi({ nodeSelector: { zone: 'a' } }), pvc('ReadWriteMany'), [
        node('n1', '8Gi'),
        node('n2', '8Gi', { zone: 'b' }),
      ])[4],
    ).toMatchObject({ ok: false, reason: 'targetNoSelector', values: { selector: 'zone=a' } });
  });

  it('checks the Multus networks and a free SR-IOV function on another node', () => {
    const nad = (name: string, resource?: string): NetworkAttachmentDefinition => ({
      apiVersion: 'k8s.cni.cncf.io/v1',
      kind: 'NetworkAttachmentDefinition',
      metadata: {
        name,
        namespace: 'default',
        ...(resource ? { annotations: { [NAD_RESOURCE_ANNOTATION]: resource } } : {}),
      },
      spec: { config: '{}' },
    });
    const withSriov = vmi({
      networks: [
        { name: 'default', pod: {} },
        { name: 'plc', multus: { networkName: 'plc-vlan' } },
      ],
      domain: {
        devices: { interfaces: [{ name: 'default', masquerade: {} }, { name: 'plc', sriov: {} }] },
        resources: { requests: { memory: '4Gi' } },
      },
    });
    const vf = 'intel.com/sriov_netdevice';
    const vfNode = (name: string, count: string): KubeNode => {
      const n = node(name, '8Gi');
      n.status!.allocatable![vf] = count;
      return n;
    };
    const networks = (nads: NetworkAttachmentDefinition[], nodes: KubeNode[], pods: KubePod[] = []) =>
      preflight(withSriov, pvc('ReadWriteMany'), nodes, undefined, { nads, pods })[2];
    expect(networks([], [node('n2', '8Gi')])).toMatchObject({
      ok: false,
      reason: 'networksMissing',
      values: { names: 'default/plc-vlan' },
    });
    // The only function on n2 is taken by a running pod; n1 (the source) does not count.
    const busy: KubePod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'virt-launcher-x', namespace: 'default' },
      spec: { nodeName: 'n2', containers: [{ name: 'c', resources: { requests: { [vf]: '1' } } }] },
      status: { phase: 'Running' },
    };
    expect(networks([nad('plc-vlan', vf)], [vfNode('n1', '4'), vfNode('n2', '1')], [busy])).toMatchObject({
      ok: false,
      reason: 'networksNoVf',
      values: { resource: vf, name: 'plc' },
    });
    expect(networks([nad('plc-vlan', vf)], [vfNode('n1', '4'), vfNode('n2', '2')], [busy])).toMatchObject({
      ok: true,
      warn: true,
      reason: 'networksSriov',
    });
  });

  it('checks the CPU model and dedicated CPUs on the other nodes, and only sends the VM where both fit', () => {
    const model = (m: string, dedicated = false) =>
      vmi({ domain: { devices: {}, cpu: { model: m, ...(dedicated ? { dedicatedCpuPlacement: true } : {}) } } });
    const lines = (v: VirtualMachineInstance, nodes: KubeNode[]) => preflight(v, pvc('ReadWriteMany'), nodes);
    const [, , , cpu, target] = lines(model('Skylake-Server'), [
      node('n1', '8Gi', { 'cpu-model.node.kubevirt.io/Skylake-Server': 'true' }),
      node('n2', '8Gi', { 'cpu-model.node.kubevirt.io/Haswell': 'true' }),
    ]);
    expect(cpu).toMatchObject({ ok: false, reason: 'cpuMissing', values: { model: 'Skylake-Server' } });
    expect(target).toMatchObject({ ok: false, reason: 'targetNoCpu' });
    const ok = lines(model('Haswell'), [
      node('n2', '8Gi', { 'cpu-model.node.kubevirt.io/Haswell': 'true' }),
      node('n3', '8Gi'),
    ]);
    expect(ok[3]).toMatchObject({ ok: true, reason: 'cpuFound' });
    expect(ok[4]).toMatchObject({ ok: true, values: { nodes: 'n2' } });
    expect(lines(model('host-model', true), [node('n2', '8Gi')])[3]).toMatchObject({ ok: false, reason: 'cpuNoManager' });
    expect(lines(model('host-model', true), [node('n2', '8Gi', { cpumanager: 'true' })])[3]).toMatchObject({
      ok: true,
      reason: 'cpuHostModel',
    });
    expect(lines(model('host-passthrough'), [node('n2', '8Gi')])[3]).toMatchObject({ ok: true, warn: true });
  });
});
