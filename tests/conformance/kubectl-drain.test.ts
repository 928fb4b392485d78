import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLab, type Lab } from '../../lab/lab';
import { buildVm, type VmOptions } from '../../lab/demo/vm-builder';
import { labApi, type LabApi } from '../support/lab-api';
import { ensureKubectl, kubectlFor, type Kubectl } from './kubectl-helpers';

const NS = 'drain-test';
const NODE = 'central-node-1';
const vmiPath = (name: string) => `/apis/kubevirt.io/v1/namespaces/${NS}/virtualmachineinstances/${name}`;
const DRAIN = ['drain', NODE, '--pod-selector=kubevirt.io=virt-launcher', '--delete-emptydir-data'];

describe('kubectl drain against the lab behaves as upstream with KubeVirt', () => {
  let lab: Lab;
  let k: Kubectl;
  let api: LabApi;
  const uids: Record<string, string> = {};

  beforeAll(async () => {
    await ensureKubectl();
    lab = await startLab({ sites: ['central'], seed: 'infra', timeScale: 0.05 });
    k = kubectlFor(lab);
    api = labApi(lab);
    await k.ok(['create', 'namespace', NS]);
    // Every VM starts on node 1: the other two are cordoned until all run.
    await k.ok(['cordon', 'central-node-2', 'central-node-3']);
    const vms: VmOptions[] = [
      { name: 'moves', namespace: NS, memory: '256Mi', evictionStrategy: 'LiveMigrate' },
      { name: 'evicted', namespace: NS, memory: '256Mi', evictionStrategy: 'None' },
      { name: 'stuck', namespace: NS, memory: '256Mi', evictionStrategy: 'LiveMigrate', podBinding: 'bridge' },
    ];
    for (const v of vms) await k.ok(['create', '-f', '-'], JSON.stringify(buildVm(v)));
    for (const v of vms) {
      const vmi = await api.waitFor(vmiPath(v.name), (o) => o?.status?.phase === 'Running' && o.status.conditions?.some((c: { type: string }) => c.type === 'LiveMigratable'));
      expect(vmi.status.nodeName).toBe(NODE);
      uids[v.name] = vmi.metadata.uid;
    }
    await k.ok(['uncordon', 'central-node-2', 'central-node-3']);
  }, 90_000);
  afterAll(async () => {
    await lab.stop();
  });

  it('lists pods/eviction as policy/v1 Eviction in discovery, as kubectl drain checks', async () => {
    const list = await api.req('GET', '/api/v1');
    expect(list.json.resources).toContainEqual(expect.objectContaining({ name: 'pods/eviction', group: 'policy', version: 'v1', kind: 'Eviction', verbs: ['create'] }));
    expect(await k.ok(['api-resources', '--api-group=policy'])).toMatch(/^poddisruptionbudgets\s+pdb\s+policy\/v1\s+true\s+PodDisruptionBudget$/m);
  });

  it('cordons, migrates the LiveMigrate VM, evicts the None VM and retries on the non-migratable one until the timeout', async () => {
    // 45 s: the LiveMigrate VM is a real guest when QEMU is here, and on a busy CI machine its
    // migration (and the target's health check) has taken longer than 25 s.
    const r = await k.run([...DRAIN, '--timeout=45s']);
    expect(r.code).not.toBe(0);
    expect(r.stdout).toContain(`node/${NODE} cordoned`);
    expect(r.stderr).toMatch(/error when evicting pods\/"virt-launcher-stuck-\w+" -n "drain-test" \(will retry after 5s\): admission webhook "virt-launcher-eviction-interceptor.kubevirt.io" denied the request: VMI stuck is configured with an eviction strategy but is not live-migratable/);
    expect(r.stdout).toMatch(/evicting pod drain-test\/virt-launcher-evicted-\w+/);
    expect(r.stdout).toMatch(/pod\/virt-launcher-evicted-\w+ evicted/);
    expect(r.stderr).toMatch(/Eviction triggered evacuation of VMI "drain-test\/moves"/);
    // kubectl stops retrying once the migrated VMI's source pod is gone (404).
    const left = await api.req('GET', `/api/v1/namespaces/${NS}/pods?fieldSelector=spec.nodeName%3D${NODE}`);
    expect(left.json.items.map((p: { metadata: { name: string } }) => p.metadata.name)).toEqual([expect.stringMatching(/^virt-launcher-stuck-/)]);
    const node = await api.req('GET', `/api/v1/nodes/${NODE}`);
    expect(node.json.spec.unschedulable).toBe(true);
    // The LiveMigrate VMI is the same VMI, migrated by an evacuation migration.
    const moved = await api.req('GET', vmiPath('moves'));
    expect(moved.json.metadata.uid).toBe(uids.moves);
    expect(moved.json.status.nodeName).not.toBe(NODE);
    expect(moved.json.status.evacuationNodeName).toBeUndefined();
    const migs = await api.req('GET', `/apis/kubevirt.io/v1/namespaces/${NS}/virtualmachineinstancemigrations?labelSelector=kubevirt.io%2Fvmi-name%3Dmoves`);
    // The evacuation controller retries a failed evacuation (seen on a busy machine): every
    // attempt is an evacuation migration from this node, and the last one succeeded.
    const attempts = migs.json.items.map((m: { metadata: { annotations?: Record<string, string> }; status?: { phase?: string } }) => [m.metadata.annotations?.['kubevirt.io/evacuationMigration'], m.status?.phase]);
    expect(attempts.length).toBeGreaterThan(0);
    for (const [from] of attempts) expect(from).toBe(NODE);
    expect(attempts.filter(([, phase]: string[]) => phase === 'Succeeded')).toEqual([[NODE, 'Succeeded']]);
    // The None VMI was shut down; runStrategy Always starts a new one on another node.
    const restarted = await api.waitFor(vmiPath('evicted'), (o) => o?.metadata?.uid !== uids.evicted && o?.status?.phase === 'Running');
    expect(restarted.status.nodeName).not.toBe(NODE);
    // The non-migratable VMI is still there.
    const stuck = await api.req('GET', vmiPath('stuck'));
    expect([stuck.json.metadata.uid, stuck.json.status.nodeName, stuck.json.status.phase]).toEqual([uids.stuck, NODE, 'Running']);
  }, 90_000);

  it('honours a PodDisruptionBudget, then finishes the drain once the VM may stop', async () => {
    await k.ok(['patch', 'vm', 'stuck', '-n', NS, '--type=merge', '-p', JSON.stringify({ spec: { template: { spec: { evictionStrategy: 'None' } } } })]);
    await k.ok(['patch', 'vmi', 'stuck', '-n', NS, '--type=merge', '-p', JSON.stringify({ spec: { evictionStrategy: 'None' } })]);
    await k.ok(['create', '-f', '-'], JSON.stringify({
      apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'keep-stuck', namespace: NS },
      spec: { minAvailable: 1, selector: { matchLabels: { 'vm.kubevirt.io/name': 'stuck' } } },
    }));
    await api.waitFor(`/apis/policy/v1/namespaces/${NS}/poddisruptionbudgets/keep-stuck`, (o) => o?.status?.currentHealthy === 1);
    const blocked = await k.run([...DRAIN, '--timeout=8s']);
    expect(blocked.code).not.toBe(0);
    expect(blocked.stderr).toContain("Cannot evict pod as it would violate the pod's disruption budget.");
    expect((await api.req('GET', vmiPath('stuck'))).json.metadata.uid).toBe(uids.stuck);
    await k.ok(['delete', 'pdb', 'keep-stuck', '-n', NS]);
    const done = await k.ok([...DRAIN, '--timeout=30s']);
    expect(done).toMatch(/pod\/virt-launcher-stuck-\w+ evicted/);
    expect(done).toContain(`node/${NODE} drained`);
    const pods = await api.req('GET', `/api/v1/pods?fieldSelector=spec.nodeName%3D${NODE}&labelSelector=kubevirt.io%3Dvirt-launcher`);
    expect(pods.json.items).toEqual([]);
    expect(await k.ok(['uncordon', NODE])).toContain(`node/${NODE} uncordoned`);
  }, 90_000);
});
