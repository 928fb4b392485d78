import { afterEach, describe, expect, it } from 'vitest';
import type { SiteControllers } from '../../lab/apiserver/extensions';
import { startControllers } from '../../lab/site-behaviour/index';
import { R } from '../../lab/controllers/refs';
import { seedDemo } from '../../lab/demo/index';
import { buildVm } from '../../lab/demo/vm-builder';
import { storeContext, waitFor } from '../support/store-helpers';

const admin = { username: 'admin', groups: ['system:masters'] };
let controllers: SiteControllers | undefined;
afterEach(async () => {
  await controllers?.stop();
  controllers = undefined;
});

function setup() {
  const ctx = storeContext();
  seedDemo(ctx, { fleet: false });
  controllers = startControllers(ctx);
  return { ctx, ext: controllers.extensions };
}

const vmim = (name: string, vmiName: string) => ({ apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachineInstanceMigration', metadata: { name, namespace: 'default' }, spec: { vmiName } });

describe('live migration over the store', () => {
  it('migrates a running VM to another node via the migrate subresource', async () => {
    const { ctx, ext } = setup();
    ctx.store.create(R.vm, buildVm({ name: 'm1', namespace: 'default' }));
    const vmi = await waitFor(ctx.store, R.vmi, 'default', 'm1', (o) => o?.status?.phase === 'Running');
    const source = vmi?.status?.nodeName;
    const res = await ext.subresource!({ method: 'PUT', version: 'v1', namespace: 'default', resource: 'virtualmachines', name: 'm1', subresource: 'migrate', query: new URLSearchParams(), body: {}, user: admin });
    expect(res.status).toBe(202);
    const [m] = ctx.store.list(R.vmim, 'default');
    expect(m?.metadata.name).toMatch(/^kubevirt-migrate-vm-/);
    expect(m?.metadata.labels?.['kubevirt.io/vmi-name']).toBe('m1');
    // A real QEMU guest when the machine has QEMU: its migration took over 20 s on a busy CI machine.
    const done = await waitFor(ctx.store, R.vmim, 'default', m?.metadata.name ?? '', (o) => o?.status?.phase === 'Succeeded', 120_000);
    expect(done?.status?.phaseTransitionTimestamps.map((p: { phase: string }) => p.phase)).toEqual(['Pending', 'Scheduling', 'Scheduled', 'PreparingTarget', 'TargetReady', 'Running', 'Succeeded']);
    const after = ctx.store.get(R.vmi, 'default', 'm1');
    expect(after?.status?.nodeName).not.toBe(source);
    expect(after?.status?.migrationState).toMatchObject({ completed: true, sourceNode: source, targetNode: after?.status?.nodeName, mode: 'PreCopy' });
    expect(ctx.store.list(R.event, 'default').map((e) => e.reason)).toEqual(expect.arrayContaining(['Migrating', 'Migrated', 'SuccessfulMigration']));
  }, 180_000);

  it('refuses a VM with a bridge on the pod network and a second migration in flight', async () => {
    const { ctx, ext } = setup();
    ctx.store.create(R.vm, buildVm({ name: 'br', namespace: 'default', podBinding: 'bridge' }));
    const vmi = await waitFor(ctx.store, R.vmi, 'default', 'br', (o) => o?.status?.phase === 'Running');
    expect(() => ext.admit!('CREATE', R.vmim, vmim('x', 'br'), undefined, admin)).toThrow(
      'admission webhook "migration-create-validator.kubevirt.io" denied the request: Cannot migrate VMI, Reason: InterfaceNotLiveMigratable, Message: cannot migrate VMI which does not use masquerade or a migratable plugin to connect to the pod network',
    );
    expect(vmi?.status?.conditions.find((c: { type: string }) => c.type === 'LiveMigratable')?.reason).toBe('InterfaceNotLiveMigratable');
  });

  it('times out when the guest dirties memory faster than the policy bandwidth, and cancels on delete', async () => {
    const { ctx, ext } = setup();
    // 8 MiB/s: the first pass of a real 128 MiB guest alone takes 16 of the 20 s, so a guest whose
    // dirtying loop a loaded CI machine slows down still cannot converge (at 16Mi it once did).
    ctx.store.create(R.migrationPolicy, { apiVersion: 'migrations.kubevirt.io/v1alpha1', kind: 'MigrationPolicy', metadata: { name: 'tight' }, spec: { bandwidthPerMigration: '8Mi', completionTimeoutPerGiB: 20, selectors: { virtualMachineInstanceSelector: { profile: 'tight' } } } });
    ctx.store.create(R.vm, buildVm({ name: 'busy', namespace: 'default', labels: { profile: 'tight' }, annotations: { 'lab.edgevirt.dev/dirty-rate': '64Mi' } }));
    ctx.store.create(R.vm, buildVm({ name: 'slow', namespace: 'default', memory: '8Gi', labels: { profile: 'tight' } }));
    await waitFor(ctx.store, R.vmi, 'default', 'busy', (o) => o?.status?.phase === 'Running');
    await waitFor(ctx.store, R.vmi, 'default', 'slow', (o) => o?.status?.phase === 'Running');
    ctx.store.create(R.vmim, ext.admit!('CREATE', R.vmim, vmim('busy-mig', 'busy'), undefined, admin) ?? vmim('busy-mig', 'busy'));
    const failed = await waitFor(ctx.store, R.vmim, 'default', 'busy-mig', (o) => o?.status?.phase === 'Failed', 30_000);
    expect(failed?.status?.migrationState).toMatchObject({ failed: true, failureReason: 'Live migration is not completed after 20 sec and has been aborted', migrationPolicyName: 'tight' });

    ctx.store.create(R.vmim, ext.admit!('CREATE', R.vmim, vmim('slow-mig', 'slow'), undefined, admin) ?? vmim('slow-mig', 'slow'));
    await waitFor(ctx.store, R.vmim, 'default', 'slow-mig', (o) => o?.status?.phase === 'Running');
    expect(() => ext.admit!('CREATE', R.vmim, vmim('again', 'slow'), undefined, admin)).toThrow(/in-flight migration detected/);
    ctx.store.delete(R.vmim, 'default', 'slow-mig');
    await waitFor(ctx.store, R.vmim, 'default', 'slow-mig', (o) => o === undefined);
    const vmi = ctx.store.get(R.vmi, 'default', 'slow');
    expect(vmi?.status?.migrationState).toMatchObject({ abortRequested: true, abortStatus: 'Succeeded', failed: true });
    expect(ctx.store.list(R.event, 'default').map((e) => e.reason)).toContain('SuccessfulAbortMigration');
  });

  it('runs at most 2 outbound migrations per node; the third waits in Pending', async () => {
    const { ctx, ext } = setup();
    ctx.store.create(R.migrationPolicy, { apiVersion: 'migrations.kubevirt.io/v1alpha1', kind: 'MigrationPolicy', metadata: { name: 'slow' }, spec: { bandwidthPerMigration: '16Mi', selectors: { virtualMachineInstanceSelector: { profile: 'slow' } } } });
    const names = ['q1', 'q2', 'q3'];
    for (const n of names) ctx.store.create(R.vm, buildVm({ name: n, namespace: 'default', memory: '8Gi', labels: { profile: 'slow' }, nodeSelector: { 'kubernetes.io/hostname': 'central-node-1' } }));
    for (const n of names) await waitFor(ctx.store, R.vmi, 'default', n, (o) => o?.status?.phase === 'Running');
    for (const n of names) {
      const vmi = ctx.store.get(R.vmi, 'default', n)!;
      delete vmi.spec.nodeSelector;
      ctx.store.update(R.vmi, vmi);
      ctx.store.create(R.vmim, ext.admit!('CREATE', R.vmim, vmim(`${n}-mig`, n), undefined, admin) ?? vmim(`${n}-mig`, n));
    }
    await waitFor(ctx.store, R.vmim, 'default', 'q1-mig', () => ctx.store.list(R.vmim, 'default').filter((m) => m.status?.phase === 'Running').length === 2);
    const phases = ctx.store.list(R.vmim, 'default').map((m) => m.status?.phase).sort();
    expect(phases).toEqual(['Pending', 'Running', 'Running']);
    expect(await controllersMetrics()).toContain('kubevirt_vmi_migrations_in_pending_phase 1');
  });

  it('drains a node: LiveMigrate VMIs migrate away, others are shut down', async () => {
    const { ctx } = setup();
    ctx.store.create(R.vm, buildVm({ name: 'mig', namespace: 'default', evictionStrategy: 'LiveMigrate', nodeSelector: { 'kubernetes.io/hostname': 'central-node-1' } }));
    ctx.store.create(R.vm, buildVm({ name: 'stay', namespace: 'default', runStrategy: 'Manual', nodeSelector: { 'kubernetes.io/hostname': 'central-node-1' } }));
    await ext(ctx, 'stay');
    await waitFor(ctx.store, R.vmi, 'default', 'mig', (o) => o?.status?.phase === 'Running');
    await waitFor(ctx.store, R.vmi, 'default', 'stay', (o) => o?.status?.phase === 'Running');
    // Let the migrating VM go anywhere: drop its node selector from the running VMI's view.
    const vmi = ctx.store.get(R.vmi, 'default', 'mig');
    delete vmi!.spec.nodeSelector;
    ctx.store.update(R.vmi, vmi!);
    const node = ctx.store.get(R.node, undefined, 'central-node-1')!;
    node.spec.unschedulable = true;
    node.spec.taints = [{ key: 'kubevirt.io/drain', value: 'draining', effect: 'NoSchedule' }];
    ctx.store.update(R.node, node);
    // A real QEMU migration under TCG: on a loaded CI machine it has taken over 30 s (ci-run7, ci-run17).
    await waitFor(ctx.store, R.vmi, 'default', 'mig', (o) => !!o?.status?.nodeName && o.status.nodeName !== 'central-node-1', 150_000);
    await waitFor(ctx.store, R.vmi, 'default', 'stay', (o) => o === undefined);
    // The VM controller writes the VM's status after the VMI is gone, on its own schedule.
    await waitFor(ctx.store, R.vm, 'default', 'stay', (o) => o?.status?.printableStatus === 'Stopped');
  }, 240_000);
});

async function controllersMetrics(): Promise<string> {
  const r = await controllers!.extensions.podProxy!({ namespace: 'kubevirt', pod: 'https:virt-handler-central-node-1:8443', path: '/metrics', query: new URLSearchParams(), user: admin });
  return String(r.body);
}

async function ext(ctx: ReturnType<typeof storeContext>, name: string) {
  await controllers!.extensions.subresource!({ method: 'PUT', version: 'v1', namespace: 'default', resource: 'virtualmachines', name, subresource: 'start', query: new URLSearchParams(), body: undefined, user: admin });
  return ctx;
}
