import { describe, expect, it } from 'vitest';
import type { KubeNode } from '../k8s/resources/node';
import type { PodDisruptionBudget } from '../k8s/resources/pod-disruption-budget';
import type { VirtualMachineInstance } from '../k8s/resources/virtual-machine-instance';
import type { VirtualMachine } from '../k8s/resources/virtual-machine';
import { drainPreview, type DrainInputs } from './drain-preview';

function node(name: string, o: { memory?: string; cordoned?: boolean; ready?: boolean; labels?: Record<string, string> } = {}): KubeNode {
  return {
    metadata: { name, labels: { 'kubevirt.io/schedulable': 'true', ...(o.labels ?? {}) } },
    spec: { unschedulable: o.cordoned },
    status: { allocatable: { cpu: '8', memory: o.memory ?? '16Gi' }, conditions: [{ type: 'Ready', status: o.ready === false ? 'False' : 'True' }] },
  };
}

function vmi(name: string, o: { node?: string; strategy?: string; migratable?: boolean | [string, string]; memory?: string; labels?: Record<string, string>; nodeSelector?: Record<string, string> } = {}): VirtualMachineInstance {
  const m = o.migratable ?? true;
  const cond = m === true ? { type: 'LiveMigratable', status: 'True' } : m === false ? { type: 'LiveMigratable', status: 'False' } : { type: 'LiveMigratable', status: 'False', reason: m[0], message: m[1] };
  return {
    metadata: { name, namespace: 'ns', labels: o.labels },
    spec: { domain: { devices: {}, memory: { guest: o.memory ?? '1Gi' } }, evictionStrategy: o.strategy, nodeSelector: o.nodeSelector },
    status: { phase: 'Running', nodeName: o.node ?? 'n1', conditions: [cond] },
  };
}

function vm(name: string, runStrategy: 'Always' | 'Halted' | 'Manual' | 'RerunOnFailure' = 'Always'): VirtualMachine {
  return { metadata: { name, namespace: 'ns' }, spec: { runStrategy, template: { spec: { domain: { devices: {} } } } } } as VirtualMachine;
}

const base = (over: Partial<DrainInputs>): DrainInputs => ({ node: 'n1', nodes: [node('n1'), node('n2'), node('n3', { memory: '4Gi' })], vmis: [], vms: [], pdbs: [], ...over });

describe('drainPreview', () => {
  it('gives each VM its fate: migrates, stops (None), restarts elsewhere, blocks with the LiveMigratable reason', () => {
    const p = drainPreview(base({
      vmis: [
        vmi('a-moves', { strategy: 'LiveMigrate' }),
        vmi('b-stops', { strategy: 'None' }),
        vmi('c-restarts', { strategy: 'None' }),
        vmi('d-stuck', { strategy: 'LiveMigrate', migratable: ['InterfaceNotLiveMigratable', 'cannot migrate VMI which does not use masquerade'] }),
        vmi('e-elsewhere', { node: 'n2' }),
      ],
      vms: [vm('a-moves'), vm('b-stops', 'Manual'), vm('c-restarts', 'Always'), vm('d-stuck')],
    }));
    expect(p.rows.map((r) => [r.name, r.fate])).toEqual([
      ['a-moves', { kind: 'migrates', target: 'n2' }],
      ['b-stops', { kind: 'stops', cause: 'evictionNone' }],
      ['c-restarts', { kind: 'restarts', target: 'n2' }],
      ['d-stuck', { kind: 'blocks', cause: 'notLiveMigratable', reason: 'InterfaceNotLiveMigratable', message: 'cannot migrate VMI which does not use masquerade' }],
    ]);
    expect([p.singleNode, p.migrating, p.stopping, p.blocking, p.bytesToMove]).toEqual([false, 1, 2, 1, 2 ** 30]);
  });

  it('takes the cluster default from the KubeVirt CR when the VMI sets none, and LiveMigrateIfPossible by migratability', () => {
    const kubevirt = { metadata: { name: 'kubevirt' }, spec: { configuration: { evictionStrategy: 'LiveMigrate' as const } } };
    const p = drainPreview(base({ kubevirt, vmis: [vmi('a'), vmi('b', { strategy: 'LiveMigrateIfPossible', migratable: false }), vmi('c', { strategy: 'External' })], vms: [vm('b', 'Halted')] }));
    expect(p.rows.map((r) => [r.strategy, r.fate.kind, 'cause' in r.fate ? r.fate.cause : ''])).toEqual([
      ['LiveMigrate', 'migrates', ''], ['LiveMigrateIfPossible', 'stops', 'notMigratable'], ['External', 'blocks', 'external'],
    ]);
  });

  it('fills other nodes by their free room, skips cordoned, NotReady and non-matching nodes, and blocks when nothing fits', () => {
    const p = drainPreview(base({
      nodes: [node('n1'), node('n2', { memory: '3Gi' }), node('n3', { cordoned: true }), node('n4', { ready: false }), node('n5', { labels: { gpu: 'yes' }, memory: '2Gi' })],
      vmis: [vmi('a', { strategy: 'LiveMigrate', memory: '2Gi' }), vmi('b', { strategy: 'LiveMigrate', memory: '2Gi' }), vmi('c', { strategy: 'LiveMigrate', nodeSelector: { gpu: 'yes' } }), vmi('d', { strategy: 'LiveMigrate', memory: '1Gi', nodeSelector: { gpu: 'yes' } })],
    }));
    expect(p.rows.map((r) => r.fate)).toEqual([
      { kind: 'migrates', target: 'n2' }, { kind: 'migrates', target: 'n5' }, { kind: 'blocks', cause: 'noRoomToMigrate' }, { kind: 'blocks', cause: 'noRoomToMigrate' },
    ]);
  });

  it('counts a PodDisruptionBudget down across VMs and blocks when it allows no more', () => {
    const pdb: PodDisruptionBudget = { metadata: { name: 'keep-one', namespace: 'ns' }, spec: { selector: { matchLabels: { app: 'db' } } }, status: { disruptionsAllowed: 1, desiredHealthy: 1, currentHealthy: 2 } };
    const p = drainPreview(base({ pdbs: [pdb], vmis: [vmi('a', { labels: { app: 'db' } }), vmi('b', { labels: { app: 'db' } }), vmi('c')], vms: [vm('a', 'Halted'), vm('b', 'Halted'), vm('c', 'Halted')] }));
    expect(p.rows.map((r) => r.fate)).toEqual([
      { kind: 'stops', cause: 'evictionNone' }, { kind: 'blocks', cause: 'budget', budget: 'keep-one', desired: 1, healthy: 2 }, { kind: 'stops', cause: 'evictionNone' },
    ]);
  });

  it('on a single-node site every VM that can be evicted stops, and migrating ones block', () => {
    const p = drainPreview({ node: 'n1', nodes: [node('n1')], vmis: [vmi('a'), vmi('b'), vmi('c', { strategy: 'LiveMigrate' })], vms: [vm('a', 'Always'), vm('b', 'Manual')], pdbs: [] });
    expect(p.singleNode).toBe(true);
    expect(p.rows.map((r) => r.fate)).toEqual([{ kind: 'stops', cause: 'noOtherNode' }, { kind: 'stops', cause: 'evictionNone' }, { kind: 'blocks', cause: 'noOtherNode' }]);
    expect([p.stopping, p.blocking]).toEqual([2, 1]);
  });
});
