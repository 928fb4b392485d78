import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLab, type Lab } from '../../lab/lab';
import { buildVm } from '../../lab/demo/vm-builder';
import { createNamespace, expectStatus, labApi, P, type LabApi } from '../support/lab-api';
import { requireQemu, runQemuTests } from '../support/qemu-required';

const NS = 't-xsite-qemu';
const KV = '/apis/kubevirt.io/v1/namespaces/kubevirt/kubevirts/kubevirt';
type Obj = { status?: { phase?: string; conditions?: { type: string; status: string; message?: string }[] } };
let lab: Lab;
let a: LabApi;
let b: LabApi;

const agentUp = (o: Obj | undefined) =>
  o?.status?.phase === 'Running' &&
  !!o.status.conditions?.some((c) => c.type === 'AgentConnected' && c.status === 'True');
const final = (o: Obj | undefined) => ['Succeeded', 'Failed'].includes(o?.status?.phase ?? '');
const vmim = (name: string, vmiName: string, spec: Record<string, unknown>) => ({
  apiVersion: 'kubevirt.io/v1',
  kind: 'VirtualMachineInstanceMigration',
  metadata: { name },
  spec: { vmiName, ...spec },
});
const bootTime = async (api: LabApi, name: string): Promise<number> =>
  (await api.req('GET', P.vmiSub(NS, name, 'userlist'))).json.items[0].loginTime;

async function receiver(name: string, id: string): Promise<string> {
  const vm = buildVm({ name, namespace: NS, memory: '128Mi' }) as {
    spec: { running?: boolean; runStrategy?: string };
  };
  delete vm.spec.running;
  vm.spec.runStrategy = 'WaitAsReceiver';
  expectStatus(await b.req('POST', P.vms(NS), vm), 201);
  expectStatus(
    await b.req('POST', P.vmims(NS), vmim(`${name}-in`, name, { receive: { migrationID: id } })),
    201,
  );
  const w = await b.waitFor(P.vmim(NS, `${name}-in`), (o) => o?.status?.phase === 'WaitingForSync', 60_000);
  return w.status.synchronizationAddresses[0];
}

describe.runIf(runQemuTests)('decentralized migration of a real QEMU guest through the WAN shaper', () => {
  beforeAll(async () => {
    requireQemu();
    process.env.EDGEVIRT_QEMU_CAP = '4';
    lab = await startLab({ sites: ['qa', 'qb'], timeScale: 0.05, seed: 'infra' });
    a = labApi(lab, 'qa');
    b = labApi(lab, 'qb');
    for (const api of [a, b]) {
      await createNamespace(api, NS);
      const patch = [
        {
          op: 'add',
          path: '/spec/configuration/developerConfiguration/featureGates/-',
          value: 'DecentralizedLiveMigration',
        },
      ];
      expectStatus(await api.req('PATCH', KV, patch, { 'content-type': 'application/json-patch+json' }), 200);
    }
    const policy = {
      apiVersion: 'migrations.kubevirt.io/v1alpha1',
      kind: 'MigrationPolicy',
      metadata: { name: 't-xsite' },
      spec: {
        completionTimeoutPerGiB: 15,
        selectors: { virtualMachineInstanceSelector: { 't-profile': 'xsite' } },
      },
    };
    expectStatus(await a.req('POST', '/apis/migrations.kubevirt.io/v1alpha1/migrationpolicies', policy), 201);
  }, 200_000);
  afterAll(async () => {
    await lab?.stop();
  });

  it('moves the guest to the other site: same boot on the target, the source VM halted', async () => {
    await fetch(`${lab.adminUrl}/links/qa/qb`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${lab.tokens.admin}` },
      body: JSON.stringify({ latencyMs: 10, bandwidthBytesPerSec: 64 * 2 ** 20 }),
    });
    expectStatus(
      await a.req(
        'POST',
        P.vms(NS),
        buildVm({ name: 'q1', namespace: NS, memory: '128Mi', labels: { 't-profile': 'xsite' } }),
      ),
      201,
    );
    await a.waitFor(P.vmi(NS, 'q1'), agentUp, 170_000);
    const before = await bootTime(a, 'q1');
    const address = await receiver('q1', 'qmig-1');
    expectStatus(
      await a.req(
        'POST',
        P.vmims(NS),
        vmim('q1-out', 'q1', { sendTo: { migrationID: 'qmig-1', connectURL: address } }),
      ),
      201,
    );
    const out = await a.waitFor(P.vmim(NS, 'q1-out'), final, 170_000);
    expect({ phase: out.status.phase, reason: out.status.migrationState?.failureReason }).toEqual({
      phase: 'Succeeded',
      reason: undefined,
    });
    await b.waitFor(P.vmi(NS, 'q1'), agentUp, 60_000);
    expect(Math.abs((await bootTime(b, 'q1')) - before)).toBeLessThanOrEqual(2);
    // The source VMI succeeded and, its VM now Halted, is deleted: nothing runs on site A.
    await a.waitFor(P.vmi(NS, 'q1'), (o) => o === undefined, 30_000);
    expect((await a.req('GET', P.vm(NS, 'q1'))).json.spec.runStrategy).toBe('Halted');
  }, 360_000);

  it('fails on a link slower than the dirty rate and keeps the source running', async () => {
    await fetch(`${lab.adminUrl}/links/qa/qb`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${lab.tokens.admin}` },
      body: JSON.stringify({ latencyMs: 40, bandwidthBytesPerSec: 512 * 1024 }),
    });
    expectStatus(
      await a.req(
        'POST',
        P.vms(NS),
        buildVm({
          name: 'q2',
          namespace: NS,
          memory: '128Mi',
          labels: { 't-profile': 'xsite' },
          annotations: { 'lab.edgevirt.dev/dirty-rate': '4Mi' },
        }),
      ),
      201,
    );
    await a.waitFor(P.vmi(NS, 'q2'), agentUp, 170_000);
    const address = await receiver('q2', 'qmig-2');
    expectStatus(
      await a.req(
        'POST',
        P.vmims(NS),
        vmim('q2-out', 'q2', { sendTo: { migrationID: 'qmig-2', connectURL: address } }),
      ),
      201,
    );
    const out = await a.waitFor(P.vmim(NS, 'q2-out'), final, 170_000);
    expect(out.status.phase).toBe('Failed');
    expect(out.status.migrationState.failureReason).toBe(
      'Live migration is not completed after 15 sec and has been aborted',
    );
    expect(agentUp((await a.req('GET', P.vmi(NS, 'q2'))).json)).toBe(true);
    const rx = (await b.waitFor(
      P.vmi(NS, 'q2'),
      (o) =>
        !!o?.status?.conditions?.some(
          (c: { type: string }) => c.type === 'DecentralizedLiveMigrationFailure',
        ),
    )) as Obj;
    expect(rx.status?.conditions?.find((c) => c.type === 'DecentralizedLiveMigrationFailure')?.message).toBe(
      out.status.migrationState.failureReason,
    );
  }, 360_000);
});
