/**
 * SR-IOV functions as the lab counts them: each SR-IOV interface's launcher pod requests one
 * unit of the NAD's device resource; the scheduler refuses a node without enough free units in
 * kube-scheduler's words; stopping the VM frees them. The console's free-function count
 * (lib/network/sriov) reads the same node allocatable and pod requests.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { SiteControllers } from '../../lab/apiserver/extensions';
import { R } from '../../lab/controllers/refs';
import { seedDemo } from '../../lab/demo/index';
import { createGuestFactory } from '../../lab/guest/index';
import { startControllers } from '../../lab/site-behaviour/index';
import { freeFunctions } from '../../lib/network/sriov';
import { defaultForm, formToVm } from '../../lib/vm/create';
import { storeContext, waitFor } from '../support/store-helpers';

const RESOURCE = 'intel.com/sriov_netdevice';
let controllers: SiteControllers | undefined;
afterEach(async () => {
  await controllers?.stop();
  controllers = undefined;
});

function sriovVm(name: string, count: number) {
  const interfaces = Array.from({ length: count }, (_, i) => ({
    name: `net${i + 1}`,
    kind: 'multus' as const,
    nad: 'default/sriov-net',
    binding: 'sriov',
    model: '',
    macAddress: '',
    ports: [],
  }));
  return formToVm({ ...defaultForm('site-factory-01', 'default'), name, interfaces });
}

describe('SR-IOV device resources', () => {
  it('are consumed by running VMs, refused when none is free, freed on stop', async () => {
    const ctx = storeContext('site-factory-01');
    seedDemo(ctx, { fleet: false });
    controllers = startControllers(ctx, {
      guests: createGuestFactory({ useQemu: false, builtin: { bootMs: 10 } }),
    });
    const free = () =>
      freeFunctions(RESOURCE, ctx.store.list(R.node) as never, ctx.store.list(R.pod) as never);
    expect(free()).toEqual([{ node: 'site-factory-01-node-1', free: 4 }]);
    ctx.store.create(R.vm, sriovVm('a', 3) as never);
    await waitFor(ctx.store, R.vmi, 'default', 'a', (v) => v?.status?.phase === 'Running');
    const pod = ctx.store
      .list(R.pod, 'default')
      .find((p) => p.metadata.labels?.['vm.kubevirt.io/name'] === 'a');
    expect(pod?.spec?.containers?.[0]?.resources?.requests?.[RESOURCE]).toBe('3');
    expect(free()).toEqual([{ node: 'site-factory-01-node-1', free: 1 }]);
    ctx.store.create(R.vm, sriovVm('b', 2) as never);
    const stuck = await waitFor(ctx.store, R.vmi, 'default', 'b', (v) =>
      v?.status?.conditions?.some((c: { reason?: string }) => c.reason === 'Unschedulable'),
    );
    const cond = stuck?.status?.conditions?.find((c: { reason?: string }) => c.reason === 'Unschedulable');
    expect(cond.message).toContain(`1 Insufficient ${RESOURCE}`);
    const vm = ctx.store.get(R.vm, 'default', 'a');
    vm!.spec.runStrategy = 'Halted';
    ctx.store.update(R.vm, vm!);
    await waitFor(ctx.store, R.vmi, 'default', 'b', (v) => v?.status?.phase === 'Running', 30_000);
    expect(free()).toEqual([{ node: 'site-factory-01-node-1', free: 2 }]);
  }, 60_000);
});
