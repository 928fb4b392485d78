import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Lab } from '../../lab/lab';
import { buildVm } from '../../lab/demo/vm-builder';
import { createNamespace, expectStatus, labApi, P, startDemoLab, type LabApi } from '../support/lab-api';

const NS = 't-migration';
let lab: Lab;
let api: LabApi;

beforeAll(async () => {
  lab = await startDemoLab();
  api = labApi(lab);
  await createNamespace(api, NS);
  const policy = {
    apiVersion: 'migrations.kubevirt.io/v1alpha1', kind: 'MigrationPolicy', metadata: { name: 't-tight' },
    spec: { bandwidthPerMigration: '16Mi', completionTimeoutPerGiB: 20, selectors: { virtualMachineInstanceSelector: { 't-profile': 'tight' } } },
  };
  expectStatus(await api.req('POST', '/apis/migrations.kubevirt.io/v1alpha1/migrationpolicies', policy), 201);
});
afterAll(async () => {
  await lab?.stop();
});

const vmim = (name: string, vmiName: string) => ({ apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachineInstanceMigration', metadata: { name }, spec: { vmiName } });
const running = (name: string) => api.waitFor(P.vmi(NS, name), (o) => o?.status?.phase === 'Running');

describe('live migration through the API', () => {
  it('migrates a masquerade VM: phases, migrationState, new node, events', async () => {
    expectStatus(await api.req('POST', P.vms(NS), buildVm({ name: 'mover', namespace: NS })), 201);
    const before = await running('mover');
    const created = expectStatus(await api.req('POST', P.vmims(NS), vmim('mover-mig', 'mover')), 201).json;
    expect(created.metadata.labels['kubevirt.io/vmi-name']).toBe('mover');
    expect(created.metadata.finalizers).toContain('kubevirt.io/migrationJobFinalize');
    const done = await api.waitFor(P.vmim(NS, 'mover-mig'), (o) => ['Succeeded', 'Failed'].includes(o?.status?.phase));
    expect(done.status.phase).toBe('Succeeded');
    expect(done.status.phaseTransitionTimestamps.map((p: { phase: string }) => p.phase)).toEqual(['Pending', 'Scheduling', 'Scheduled', 'PreparingTarget', 'TargetReady', 'Running', 'Succeeded']);
    const after = (await api.req('GET', P.vmi(NS, 'mover'))).json;
    expect(after.status.nodeName).not.toBe(before.status.nodeName);
    expect(after.status.migrationState).toMatchObject({ completed: true, sourceNode: before.status.nodeName, targetNode: after.status.nodeName, mode: 'PreCopy', migrationUid: done.metadata.uid });
    expect(after.status.migrationState.targetPod).toMatch(/^virt-launcher-mover-/);
    const reasons = (await api.req('GET', P.events(NS))).json.items.map((e: { reason: string }) => e.reason);
    expect(reasons).toEqual(expect.arrayContaining(['PreparingTarget', 'Migrating', 'Migrated', 'SuccessfulMigration']));
  });

  it('refuses a VM whose disk is a RWO PVC as not live-migratable', async () => {
    const dvt = { metadata: { name: 'rwo-disk' }, spec: { source: { blank: {} }, storage: { storageClassName: 'local-path', resources: { requests: { storage: '1Gi' } } } } };
    expectStatus(await api.req('POST', P.vms(NS), buildVm({ name: 'pinned', namespace: NS, dataVolume: 'rwo-disk', dataVolumeTemplates: [dvt as never] })), 201);
    const vmi = await running('pinned');
    expect(vmi.status.conditions.find((c: { type: string }) => c.type === 'LiveMigratable')).toMatchObject({ status: 'False', reason: 'DisksNotLiveMigratable' });
    const r = await api.req('POST', P.vmims(NS), vmim('pinned-mig', 'pinned'));
    expect(r.status).toBe(400);
    expect(r.json.message).toBe(
      'admission webhook "migration-create-validator.kubevirt.io" denied the request: Cannot migrate VMI, Reason: DisksNotLiveMigratable, Message: cannot migrate VMI: PVC rwo-disk is not shared, live migration requires that all PVCs must be shared (using ReadWriteMany access mode)',
    );
  });

  it('times out a migration that cannot converge under its MigrationPolicy', async () => {
    expectStatus(await api.req('POST', P.vms(NS), buildVm({ name: 'busy', namespace: NS, labels: { 't-profile': 'tight' }, annotations: { 'lab.edgevirt.dev/dirty-rate': '64Mi' } })), 201);
    await running('busy');
    expectStatus(await api.req('POST', P.vmims(NS), vmim('busy-mig', 'busy')), 201);
    const failed = await api.waitFor(P.vmim(NS, 'busy-mig'), (o) => o?.status?.phase === 'Failed', 60_000);
    expect(failed.status.migrationState).toMatchObject({ failed: true, migrationPolicyName: 't-tight', failureReason: 'Live migration is not completed after 20 sec and has been aborted' });
    const reasons = (await api.req('GET', P.events(NS))).json.items.map((e: { reason: string }) => e.reason);
    expect(reasons).toContain('FailedMigration');
  });

  it('cancels a running migration when its VMIM is deleted', async () => {
    expectStatus(await api.req('POST', P.vms(NS), buildVm({ name: 'big', namespace: NS, memory: '16Gi', labels: { 't-profile': 'tight' } })), 201);
    await running('big');
    expectStatus(await api.req('POST', P.vmims(NS), vmim('big-mig', 'big')), 201);
    await api.waitFor(P.vmim(NS, 'big-mig'), (o) => o?.status?.phase === 'Running');
    const second = await api.req('POST', P.vmims(NS), vmim('big-mig-2', 'big'));
    expect(second.status).toBe(400);
    expect(second.json.message).toMatch(/in-flight migration detected/);
    expect([200, 202]).toContain((await api.req('DELETE', P.vmim(NS, 'big-mig'))).status);
    await api.waitFor(P.vmim(NS, 'big-mig'), (o) => o === undefined);
    const vmi = (await api.req('GET', P.vmi(NS, 'big'))).json;
    expect(vmi.status.migrationState).toMatchObject({ abortRequested: true, abortStatus: 'Succeeded', failed: true });
    const reasons = (await api.req('GET', P.events(NS))).json.items.map((e: { reason: string }) => e.reason);
    expect(reasons).toContain('SuccessfulAbortMigration');
  });

  it('drains a node: LiveMigrate VMIs move away, the others are shut down', async () => {
    expectStatus(await api.req('POST', P.vms(NS), buildVm({ name: 'evac', namespace: NS, evictionStrategy: 'LiveMigrate' })), 201);
    const drained = (await running('evac')).status.nodeName as string;
    expectStatus(await api.req('POST', P.vms(NS), buildVm({ name: 'stopme', namespace: NS, runStrategy: 'Manual', nodeSelector: { 'kubernetes.io/hostname': drained } })), 201);
    expectStatus(await api.req('PUT', P.vmSub(NS, 'stopme', 'start'), {}), 202);
    await running('stopme');
    const node = (await api.req('GET', P.node(drained))).json;
    node.spec.unschedulable = true;
    node.spec.taints = [{ key: 'kubevirt.io/drain', value: 'draining', effect: 'NoSchedule' }];
    expectStatus(await api.req('PUT', P.node(drained), node), 200);
    const moved = await api.waitFor(P.vmi(NS, 'evac'), (o) => o?.status?.migrationState?.completed === true && o.status.nodeName !== drained, 60_000);
    // The evacuation is over once the VMI runs elsewhere: the lab clears evacuationNodeName then.
    expect(moved.status.evacuationNodeName).toBeUndefined();
    await api.waitFor(P.vm(NS, 'stopme'), (o) => o?.status?.printableStatus === 'Stopped');
    const vmims = (await api.req('GET', P.vmims(NS))).json.items.map((m: { metadata: { name: string } }) => m.metadata.name);
    expect(vmims.some((n: string) => n.startsWith('kubevirt-evacuation-'))).toBe(true);
    const reasons = (await api.req('GET', P.events(NS))).json.items.map((e: { reason: string }) => e.reason);
    expect(reasons).toContain('SuccessfulEvict');
  });
});
