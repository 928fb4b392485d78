/**
 * A VMI is Running once its domain runs (virt-handler's rule): with one boot slot, the second
 * QEMU guest waits for the first to boot, and its VMI stays Scheduled meanwhile instead of
 * reporting Running over a console that says nothing.
 */
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

type Vmi = {
  status?: {
    phaseTransitionTimestamps?: { phase: string; phaseTransitionTimestamp: string }[];
    conditions?: { type: string; status: string; lastTransitionTime?: string }[];
  };
};
const agentUp = (o: Vmi | undefined) =>
  o?.status?.conditions?.some((c) => c.type === 'AgentConnected' && c.status === 'True') ?? false;
const runningAt = (o: Vmi) =>
  Date.parse(
    o.status?.phaseTransitionTimestamps?.find((p) => p.phase === 'Running')?.phaseTransitionTimestamp ?? '',
  );
const bootedAt = (o: Vmi) =>
  Date.parse(o.status?.conditions?.find((c) => c.type === 'AgentConnected')?.lastTransitionTime ?? '');

describe.runIf(runQemuTests)('QEMU guests waiting for a boot slot', () => {
  it('keep their VMI Scheduled until the domain starts', async () => {
    requireQemu();
    const ctx = storeContext('central', 0.05);
    seedDemo(ctx, { fleet: false });
    controllers = startControllers(ctx, { guests: createGuestFactory({ qemuCap: 2, bootConcurrency: 1 }) });
    for (const name of ['first', 'second'])
      ctx.store.create(R.vm, buildVm({ name, namespace: 'default', memory: '128Mi' }));
    const vmis = (await Promise.all(
      ['first', 'second'].map((n) => waitFor(ctx.store, R.vmi, 'default', n, agentUp, 170_000)),
    )) as Vmi[];
    const [early, late] = vmis.sort((a, b) => runningAt(a) - runningAt(b)) as [Vmi, Vmi];
    // The later guest got the slot only when the earlier one had booted (timestamps are whole
    // seconds, hence the 1 s margin); before the fix both reported Running at once.
    expect(runningAt(late)).toBeGreaterThanOrEqual(bootedAt(early) - 1000);
  }, 360_000);
});
