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

describe('VM and VMI controllers over the store', () => {
  it('runs a VM, stops it via the subresource, and reports unschedulable VMs', async () => {
    const ctx = storeContext();
    seedDemo(ctx, { fleet: false });
    controllers = startControllers(ctx);
    ctx.store.create(R.vm, buildVm({ name: 'a', namespace: 'default' }));
    const vm = await waitFor(ctx.store, R.vm, 'default', 'a', (o) => o?.status?.printableStatus === 'Running');
    expect(vm?.status?.ready).toBe(true);
    const pods = ctx.store.list(R.pod, 'default');
    expect(pods.map((p) => p.metadata.name)[0]).toMatch(/^virt-launcher-a-[a-z0-9]{5}$/);
    const vmi = ctx.store.get(R.vmi, 'default', 'a');
    expect(vmi?.status?.phaseTransitionTimestamps.map((p: { phase: string }) => p.phase)).toEqual(['Pending', 'Scheduling', 'Scheduled', 'Running']);
    expect(vmi?.status?.conditions.find((c: { type: string }) => c.type === 'LiveMigratable')?.status).toBe('True');

    const res = await controllers.extensions.subresource!({ method: 'PUT', version: 'v1', namespace: 'default', resource: 'virtualmachines', name: 'a', subresource: 'stop', query: new URLSearchParams(), body: undefined, user: admin });
    expect(res.status).toBe(202);
    await waitFor(ctx.store, R.vm, 'default', 'a', (o) => o?.status?.printableStatus === 'Stopped');
    expect(ctx.store.get(R.vmi, 'default', 'a')).toBeUndefined();
    expect(ctx.store.list(R.pod, 'default')).toHaveLength(0);
    await expect(controllers.extensions.subresource!({ method: 'PUT', version: 'v1', namespace: 'default', resource: 'virtualmachines', name: 'a', subresource: 'stop', query: new URLSearchParams(), body: undefined, user: admin })).rejects.toMatchObject({ code: 409, message: 'Operation cannot be fulfilled on virtualmachine.kubevirt.io "a": VM is not running' });

    ctx.store.create(R.vm, buildVm({ name: 'huge', namespace: 'default', memory: '900Gi' }));
    const huge = await waitFor(ctx.store, R.vm, 'default', 'huge', (o) => o?.status?.printableStatus === 'ErrorUnschedulable');
    const cond = huge?.status?.conditions.find((c: { type: string }) => c.type === 'PodScheduled');
    expect(cond).toMatchObject({ status: 'False', reason: 'Unschedulable' });
    expect(cond.message).toMatch(/^0\/3 nodes are available: 3 Insufficient memory\./);
    const events = ctx.store.list(R.event, 'default').filter((e) => e.reason === 'FailedScheduling');
    expect(events.length).toBeGreaterThan(0);
  });
});

describe('VMI replica sets over the store', () => {
  it('keeps the requested number of VMIs and scales down', async () => {
    const ctx = storeContext();
    seedDemo(ctx, { fleet: false });
    controllers = startControllers(ctx);
    const rs = ctx.store.create(R.vmirs, {
      apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachineInstanceReplicaSet', metadata: { name: 'web', namespace: 'default' },
      spec: { replicas: 3, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: buildVm({ name: 'x', namespace: 'default' }).spec.template.spec } },
    });
    await waitFor(ctx.store, R.vmirs, 'default', 'web', (o) => o?.status?.readyReplicas === 3);
    const names = ctx.store.list(R.vmi, 'default').map((v) => v.metadata.name);
    expect(names).toHaveLength(3);
    for (const n of names) expect(n).toMatch(/^web[a-z0-9]{5}$/);
    const scaled = ctx.store.get(R.vmirs, 'default', 'web')!;
    scaled.spec.replicas = 1;
    ctx.store.update(R.vmirs, scaled);
    await waitFor(ctx.store, R.vmirs, 'default', 'web', (o) => o?.status?.replicas === 1 && ctx.store.list(R.vmi, 'default').length === 1);
    expect(rs.metadata.uid).toBeDefined();
  });
});
