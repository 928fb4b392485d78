import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Lab } from '../../lab/lab';
import { buildVm } from '../../lab/demo/vm-builder';
import { createNamespace, expectStatus, labApi, P, startDemoLab, type LabApi } from '../support/lab-api';

const NS = 't-lifecycle';
let lab: Lab;
let api: LabApi;

beforeAll(async () => {
  lab = await startDemoLab();
  api = labApi(lab);
  await createNamespace(api, NS);
});
afterAll(async () => {
  await lab?.stop();
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const conds = (o: any, type: string): any => o?.status?.conditions?.find((c: { type: string }) => c.type === type);

describe('VM lifecycle through the API', () => {
  it('starts, pauses, unpauses, restarts and stops a Manual VM via subresources', async () => {
    expectStatus(await api.req('POST', P.vms(NS), buildVm({ name: 'life', namespace: NS, runStrategy: 'Manual' })), 201);
    await api.waitFor(P.vm(NS, 'life'), (o) => o?.status?.printableStatus === 'Stopped');
    expectStatus(await api.req('PUT', P.vmSub(NS, 'life', 'start'), {}), 202);
    const vm = await api.waitFor(P.vm(NS, 'life'), (o) => o?.status?.printableStatus === 'Running' && o.status.ready === true);
    expect(conds(vm, 'Ready')?.status).toBe('True');
    const vmi = (await api.req('GET', P.vmi(NS, 'life'))).json;
    expect(vmi.status.interfaces[0].ipAddress).toMatch(/^10\.42\.\d+\.\d+$/);
    expect(vmi.metadata.ownerReferences[0]).toMatchObject({ kind: 'VirtualMachine', name: 'life', controller: true });
    const again = await api.req('PUT', P.vmSub(NS, 'life', 'start'), {});
    expect(again.status).toBe(409);
    expect(again.json.message).toBe('Operation cannot be fulfilled on virtualmachine.kubevirt.io "life": VM is already running');

    expectStatus(await api.req('PUT', P.vmiSub(NS, 'life', 'pause'), {}), 200);
    const paused = await api.waitFor(P.vm(NS, 'life'), (o) => o?.status?.printableStatus === 'Paused');
    expect(conds(paused, 'Paused')).toMatchObject({ status: 'True', reason: 'PausedByUser' });
    expect((await api.req('PUT', P.vmiSub(NS, 'life', 'pause'), {})).json.message).toMatch(/VMI is already paused$/);
    expectStatus(await api.req('PUT', P.vmiSub(NS, 'life', 'unpause'), {}), 200);
    await api.waitFor(P.vm(NS, 'life'), (o) => o?.status?.printableStatus === 'Running');

    const oldUid = vmi.metadata.uid;
    expectStatus(await api.req('PUT', P.vmSub(NS, 'life', 'restart'), {}), 202);
    await api.waitFor(P.vmi(NS, 'life'), (o) => o?.metadata?.uid !== oldUid && o?.status?.phase === 'Running');

    expectStatus(await api.req('PUT', P.vmSub(NS, 'life', 'stop'), {}), 202);
    await api.waitFor(P.vm(NS, 'life'), (o) => o?.status?.printableStatus === 'Stopped');
    expect((await api.req('GET', P.vmi(NS, 'life'))).status).toBe(404);
    const stop2 = await api.req('PUT', P.vmSub(NS, 'life', 'stop'), {});
    expect(stop2.status).toBe(409);
    expect(stop2.json.message).toMatch(/VM is not running$/);
    const reasons = (await api.req('GET', P.events(NS))).json.items.map((e: { reason: string }) => e.reason);
    expect(reasons).toEqual(expect.arrayContaining(['SuccessfulCreate', 'Started', 'Paused', 'Unpaused', 'ShuttingDown', 'Stopped', 'SuccessfulDelete']));
  });

  it('an Always VM stopped via the subresource becomes Halted; pause of a stopped VMI is a 404', async () => {
    expectStatus(await api.req('POST', P.vms(NS), buildVm({ name: 'always', namespace: NS })), 201);
    await api.waitFor(P.vm(NS, 'always'), (o) => o?.status?.printableStatus === 'Running');
    const start = await api.req('PUT', P.vmSub(NS, 'always', 'start'), {});
    expect(start.status).toBe(409);
    expectStatus(await api.req('PUT', P.vmSub(NS, 'always', 'stop'), {}), 202);
    const vm = await api.waitFor(P.vm(NS, 'always'), (o) => o?.status?.printableStatus === 'Stopped');
    expect(vm.spec.runStrategy).toBe('Halted');
    expect((await api.req('PUT', P.vmiSub(NS, 'always', 'pause'), {})).status).toBe(404);
  });

  it('shows an unschedulable VM as ErrorUnschedulable with the scheduler message and event', async () => {
    expectStatus(await api.req('POST', P.vms(NS), buildVm({ name: 'too-big', namespace: NS, memory: '900Gi' })), 201);
    const vm = await api.waitFor(P.vm(NS, 'too-big'), (o) => o?.status?.printableStatus === 'ErrorUnschedulable');
    expect(conds(vm, 'PodScheduled')).toMatchObject({ status: 'False', reason: 'Unschedulable' });
    expect(conds(vm, 'PodScheduled').message).toMatch(/^0\/3 nodes are available: 3 Insufficient memory\. preemption:/);
    const events = (await api.req('GET', P.events(NS))).json.items.filter((e: { reason: string }) => e.reason === 'FailedScheduling');
    expect(events[0].involvedObject.name).toMatch(/^virt-launcher-too-big-/);
  });

  it('turns VMIs on a NotReady node Unknown, then Failed after the grace period', async () => {
    expectStatus(await api.req('POST', P.vms(NS), buildVm({ name: 'on-node3', namespace: NS, runStrategy: 'Manual', nodeSelector: { 'kubernetes.io/hostname': 'central-node-3' } })), 201);
    expectStatus(await api.req('PUT', P.vmSub(NS, 'on-node3', 'start'), {}), 202);
    await api.waitFor(P.vmi(NS, 'on-node3'), (o) => o?.status?.phase === 'Running');
    const node = (await api.req('GET', P.node('central-node-3'))).json;
    node.status.conditions = node.status.conditions.map((c: { type: string }) => (c.type === 'Ready' ? { ...c, status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.' } : c));
    expectStatus(await api.req('PUT', `${P.node('central-node-3')}/status`, node), 200);
    await api.waitFor(P.vmi(NS, 'on-node3'), (o) => o?.status?.phase === 'Unknown');
    await api.waitFor(P.vm(NS, 'on-node3'), (o) => o?.status?.printableStatus === 'Unknown');
    await api.waitFor(P.vmi(NS, 'on-node3'), (o) => o?.status?.phase === 'Failed', 10_000);
    const reasons = (await api.req('GET', P.events(NS))).json.items.map((e: { reason: string }) => e.reason);
    expect(reasons).toContain('NodeUnresponsive');
  });
});
