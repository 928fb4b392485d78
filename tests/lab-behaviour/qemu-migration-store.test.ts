import { afterEach, describe, expect, it } from 'vitest';
import type { SiteControllers } from '../../lab/apiserver/extensions';
import { startControllers } from '../../lab/site-behaviour/index';
import { R } from '../../lab/controllers/refs';
import { seedDemo } from '../../lab/demo/index';
import { buildVm } from '../../lab/demo/vm-builder';
import { createGuestFactory } from '../../lab/guest/index';
import { requireQemu, runQemuTests } from '../support/qemu-required';
import { storeContext, waitFor } from '../support/store-helpers';

let controllers: SiteControllers | undefined;
afterEach(async () => {
  await controllers?.stop();
  controllers = undefined;
});

// Same policy as tests/guest: runs where QEMU and the image exist, and always (failing if missing) in CI.
describe.runIf(runQemuTests)('live migration of a real QEMU guest', () => {
  it('drives the VMIM phases and migrationState from QEMU migration stats', async () => {
    requireQemu();
    const ctx = storeContext('central', 0.05);
    seedDemo(ctx, { fleet: false });
    const factory = createGuestFactory({ qemuCap: 1 });
    controllers = startControllers(ctx, { guests: factory });
    ctx.store.create(R.vm, buildVm({ name: 'q', namespace: 'default', memory: '128Mi' }));
    await waitFor(ctx.store, R.vmi, 'default', 'q', (o) => o?.status?.conditions?.some((c: { type: string; status: string }) => c.type === 'AgentConnected' && c.status === 'True'), 170_000);
    expect(factory.usage().qemu).toBe(1);
    const source = ctx.store.get(R.vmi, 'default', 'q')?.status?.nodeName;
    ctx.store.create(R.vmim, controllers.extensions.admit!('CREATE', R.vmim, { apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachineInstanceMigration', metadata: { name: 'qm', namespace: 'default' }, spec: { vmiName: 'q' } }, undefined, { username: 'a', groups: [] }) ?? { apiVersion: 'kubevirt.io/v1', kind: 'x', metadata: {} });
    const done = await waitFor(ctx.store, R.vmim, 'default', 'qm', (o) => ['Succeeded', 'Failed'].includes(o?.status?.phase), 170_000);
    expect(done?.status?.phase).toBe('Succeeded');
    const vmi = ctx.store.get(R.vmi, 'default', 'q');
    expect(vmi?.status?.nodeName).not.toBe(source);
    expect(vmi?.status?.migrationState?.completed).toBe(true);
  }, 360_000);
});
