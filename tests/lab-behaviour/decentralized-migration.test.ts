import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLab, type Lab } from '../../lab/lab';
import { buildVm } from '../../lab/demo/vm-builder';
import { createNamespace, expectStatus, labApi, P, type LabApi } from '../support/lab-api';

const NS = 't-xsite';
const KV = '/apis/kubevirt.io/v1/namespaces/kubevirt/kubevirts/kubevirt';
let lab: Lab;
let a: LabApi;
let b: LabApi;

async function admin(
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; json: unknown }> {
  const r = await fetch(`${lab.adminUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${lab.tokens.admin}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: r.status, json: await r.json() };
}

async function enableGate(api: LabApi): Promise<void> {
  const patch = [
    {
      op: 'add',
      path: '/spec/configuration/developerConfiguration/featureGates/-',
      value: 'DecentralizedLiveMigration',
    },
  ];
  expectStatus(await api.req('PATCH', KV, patch, { 'content-type': 'application/json-patch+json' }), 200);
}

const receiverVm = (name: string) => {
  const vm = buildVm({ name, namespace: NS }) as { spec: { running?: boolean; runStrategy?: string } };
  delete vm.spec.running;
  vm.spec.runStrategy = 'WaitAsReceiver';
  return vm;
};
const vmim = (name: string, vmiName: string, spec: Record<string, unknown>) => ({
  apiVersion: 'kubevirt.io/v1',
  kind: 'VirtualMachineInstanceMigration',
  metadata: { name },
  spec: { vmiName, ...spec },
});
type Obj = { status?: { phase?: string } };
const final = (o: Obj | undefined) => ['Succeeded', 'Failed'].includes(o?.status?.phase ?? '');

/** Receiver VM and receive VMIM on site B; returns the synchronization address B publishes. */
async function prepareReceiver(name: string, id: string): Promise<string> {
  expectStatus(await b.req('POST', P.vms(NS), receiverVm(name)), 201);
  await b.waitFor(P.vmi(NS, name), (o) => o?.status?.phase === 'WaitingForSync');
  await b.waitFor(P.vm(NS, name), (o) => o?.status?.printableStatus === 'WaitingForReceiver');
  expectStatus(
    await b.req('POST', P.vmims(NS), vmim(`${name}-in`, name, { receive: { migrationID: id } })),
    201,
  );
  const waiting = await b.waitFor(P.vmim(NS, `${name}-in`), (o) => o?.status?.phase === 'WaitingForSync');
  expect(waiting.status.synchronizationAddresses).toHaveLength(1);
  return waiting.status.synchronizationAddresses[0];
}

beforeAll(async () => {
  process.env.EDGEVIRT_QEMU_CAP = '0';
  lab = await startLab({ sites: ['site-a', 'site-b'], timeScale: 0.05, seed: 'infra' });
  a = labApi(lab, 'site-a');
  b = labApi(lab, 'site-b');
  for (const api of [a, b]) await createNamespace(api, NS);
});
afterAll(async () => {
  await lab?.stop();
});

describe('decentralized live migration between lab sites', () => {
  it('refuses a receiver VM and a sendTo VMIM without the DecentralizedLiveMigration gate', async () => {
    const r = await b.req('POST', P.vms(NS), receiverVm('early'));
    expect(r.status).toBe(422);
    expect(r.text).toContain(
      'WaitAsReceiver run strategy requires the DecentralizedLiveMigration feature gate',
    );
    expectStatus(await a.req('POST', P.vms(NS), buildVm({ name: 'ungated', namespace: NS })), 201);
    await a.waitFor(P.vmi(NS, 'ungated'), (o) => o?.status?.phase === 'Running');
    const m = await a.req(
      'POST',
      P.vmims(NS),
      vmim('ungated-out', 'ungated', { sendTo: { migrationID: 'x', connectURL: '127.0.0.1:1' } }),
    );
    expect(m.status).toBe(400);
    expect(m.json.message).toContain('DecentralizedLiveMigration feature gate is not enabled');
    for (const api of [a, b]) await enableGate(api);
  });

  it('moves a running VM from site A to site B: same guest, source halted, receiver running', async () => {
    expectStatus(await a.req('POST', P.vms(NS), buildVm({ name: 'mover', namespace: NS })), 201);
    const src = await a.waitFor(
      P.vmi(NS, 'mover'),
      (o) =>
        o?.status?.phase === 'Running' &&
        o.status.conditions?.some((c: { type: string }) => c.type === 'AgentConnected'),
    );
    const bootBefore = (await a.req('GET', P.vmiSub(NS, 'mover', 'userlist'))).json.items[0].loginTime;
    const address = await prepareReceiver('mover', 'mig-1');
    expectStatus(
      await a.req(
        'POST',
        P.vmims(NS),
        vmim('mover-out', 'mover', { sendTo: { migrationID: 'mig-1', connectURL: address } }),
      ),
      201,
    );
    const out = await a.waitFor(P.vmim(NS, 'mover-out'), final, 60_000);
    expect(out.status.phase).toBe('Succeeded');
    expect(out.status.phaseTransitionTimestamps.map((p: { phase: string }) => p.phase)).toEqual([
      'Pending',
      'WaitingForSync',
      'Synchronizing',
      'Running',
      'Succeeded',
    ]);
    const incoming = await b.waitFor(P.vmim(NS, 'mover-in'), final);
    expect(incoming.status.phase).toBe('Succeeded');
    expect(incoming.status.phaseTransitionTimestamps.map((p: { phase: string }) => p.phase)).toEqual([
      'Pending',
      'WaitingForSync',
      'Synchronizing',
      'Running',
      'Succeeded',
    ]);
    const target = await b.waitFor(
      P.vmi(NS, 'mover'),
      (o) =>
        o?.status?.phase === 'Running' &&
        o.status.conditions?.some((c: { type: string }) => c.type === 'AgentConnected'),
    );
    expect(target.status.migrationState).toMatchObject({
      completed: true,
      targetState: { migrationUID: 'mig-1', syncAddress: address },
    });
    expect((await b.req('GET', P.vm(NS, 'mover'))).json.spec.runStrategy).toBe('Always');
    // The guest booted once, on site A: its boot time is the same on site B.
    const bootAfter = (await b.req('GET', P.vmiSub(NS, 'mover', 'userlist'))).json.items[0].loginTime;
    expect(Math.abs(bootAfter - bootBefore)).toBeLessThanOrEqual(1);
    const srcVm = await a.waitFor(P.vm(NS, 'mover'), (o) => o?.status?.printableStatus === 'Stopped');
    expect(srcVm.spec.runStrategy).toBe('Halted');
    expect(src.metadata.uid).not.toBe(target.metadata.uid);
  });

  it('fails over a link slower than the dirty rate: the source keeps running, the receiver says why', async () => {
    const link = await admin('PUT', '/links/site-a/site-b', {
      bandwidthBytesPerSec: 2 * 2 ** 20,
      latencyMs: 40,
    });
    expect(link).toMatchObject({
      status: 200,
      json: { link: { bandwidthBytesPerSec: 2 * 2 ** 20, latencyMs: 40, jitterMs: 0, lossPercent: 0 } },
    });
    expectStatus(
      await a.req(
        'POST',
        P.vms(NS),
        buildVm({ name: 'busy', namespace: NS, annotations: { 'lab.edgevirt.dev/dirty-rate': '16Mi' } }),
      ),
      201,
    );
    await a.waitFor(P.vmi(NS, 'busy'), (o) => o?.status?.phase === 'Running');
    const address = await prepareReceiver('busy', 'mig-2');
    expectStatus(
      await a.req(
        'POST',
        P.vmims(NS),
        vmim('busy-out', 'busy', { sendTo: { migrationID: 'mig-2', connectURL: address } }),
      ),
      201,
    );
    const out = await a.waitFor(P.vmim(NS, 'busy-out'), final, 120_000);
    expect(out.status.phase).toBe('Failed');
    expect(out.status.migrationState.failureReason).toMatch(
      /^Live migration (stuck for|is not completed after) \d+ sec and has been aborted$/,
    );
    expect((await a.req('GET', P.vmi(NS, 'busy'))).json.status.phase).toBe('Running');
    const incoming = await b.waitFor(P.vmim(NS, 'busy-in'), final);
    expect(incoming.status.phase).toBe('Failed');
    // The receive VMIM mirrors its VMI's migration state: it says why, too.
    expect(incoming.status.migrationState.failureReason).toBe(out.status.migrationState.failureReason);
    const receiver = (await b.req('GET', P.vmi(NS, 'busy'))).json;
    expect(
      receiver.status.conditions.find(
        (c: { type: string }) => c.type === 'DecentralizedLiveMigrationFailure',
      ),
    ).toMatchObject({ status: 'True', message: out.status.migrationState.failureReason });
    await admin('DELETE', '/links/site-a/site-b');
  });
});
