/**
 * A network change to a running VM's template takes effect only after a restart: the lab sets
 * the VM's RestartRequired condition as virt-controller does, and a restart (new VMI) clears it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { SiteControllers } from '../../lab/apiserver/extensions';
import { R } from '../../lab/controllers/refs';
import { seedDemo } from '../../lab/demo/index';
import { createGuestFactory } from '../../lab/guest/index';
import { startControllers } from '../../lab/site-behaviour/index';
import { podInterface } from '../../lib/network/form-interfaces';
import { defaultForm, formToVm } from '../../lib/vm/create';
import { storeContext, waitFor } from '../support/store-helpers';

let controllers: SiteControllers | undefined;
afterEach(async () => {
  await controllers?.stop();
  controllers = undefined;
});

const restartRequired = (vm: { status?: { conditions?: { type: string; status: string }[] } } | undefined) =>
  vm?.status?.conditions?.find((c) => c.type === 'RestartRequired');

describe('RestartRequired after a network change', () => {
  it('is set while the running VMI has the old interfaces and cleared by a restart', async () => {
    const ctx = storeContext('site-factory-01');
    seedDemo(ctx, { fleet: false });
    controllers = startControllers(ctx, {
      guests: createGuestFactory({ useQemu: false, builtin: { bootMs: 10 } }),
    });
    ctx.store.create(R.vm, formToVm({ ...defaultForm('site-factory-01', 'default'), name: 'n' }) as never);
    const first = await waitFor(ctx.store, R.vmi, 'default', 'n', (v) => v?.status?.phase === 'Running');
    expect(restartRequired(ctx.store.get(R.vm, 'default', 'n'))).toBeUndefined();
    const changed = formToVm({
      ...defaultForm('site-factory-01', 'default'),
      name: 'n',
      interfaces: [
        podInterface(),
        {
          name: 'net1',
          kind: 'multus',
          nad: 'default/vlan-100',
          binding: 'bridge',
          model: '',
          macAddress: '',
          ports: [],
        },
      ],
    });
    const vm = ctx.store.get(R.vm, 'default', 'n')!;
    vm.spec.template = changed.spec.template;
    ctx.store.update(R.vm, vm);
    const flagged = await waitFor(
      ctx.store,
      R.vm,
      'default',
      'n',
      (v) => restartRequired(v)?.status === 'True',
    );
    expect(restartRequired(flagged)).toMatchObject({
      status: 'True',
      message: 'a non-live-updatable field was changed in the template spec',
    });
    // A restart: the VMI goes, the VM controller starts a new one from the new template.
    ctx.store.delete(R.vmi, 'default', 'n');
    await waitFor(
      ctx.store,
      R.vmi,
      'default',
      'n',
      (v) => v?.status?.phase === 'Running' && v.metadata.uid !== first?.metadata.uid,
      30_000,
    );
    const after = await waitFor(ctx.store, R.vm, 'default', 'n', (v) => !restartRequired(v));
    expect(restartRequired(after)).toBeUndefined();
  }, 60_000);
});
