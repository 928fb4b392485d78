import { afterEach, describe, expect, it } from 'vitest';
import type { SiteControllers } from '../../lab/apiserver/extensions';
import { startControllers } from '../../lab/site-behaviour/index';
import { R } from '../../lab/controllers/refs';
import { seedDemo } from '../../lab/demo/index';
import { buildVm, type VmOptions } from '../../lab/demo/vm-builder';
import { createGuestFactory } from '../../lab/guest/index';
import type { Guest, GuestFactory } from '../../lab/guest/types';
import { storeContext, waitFor } from '../support/store-helpers';

let controllers: SiteControllers | undefined;
afterEach(async () => {
  await controllers?.stop();
  controllers = undefined;
});

/** The lab's own factory (built-in guests), remembering each guest by VM name. */
function recordingFactory(): { factory: GuestFactory; guests: Map<string, Guest> } {
  const inner = createGuestFactory({ useQemu: false, builtin: { bootMs: 20 } });
  const guests = new Map<string, Guest>();
  return { guests, factory: { ...inner, start: (spec) => {
    const g = inner.start(spec);
    guests.set(spec.name, g);
    return g;
  } } };
}

async function runningVm(o: VmOptions) {
  const ctx = storeContext();
  seedDemo(ctx, { fleet: false });
  const rec = recordingFactory();
  controllers = startControllers(ctx, { guests: rec.factory });
  ctx.store.create(R.vm, buildVm(o));
  const vmi = await waitFor(ctx.store, R.vmi, 'default', o.name, (v) => v?.status?.phase === 'Running');
  return { ctx, rec, uid: vmi?.metadata.uid };
}

const kill = (g: Guest | undefined) => (g as unknown as { kill(): void }).kill();

describe('run strategies when the guest stops by itself', () => {
  it('Always restarts a VM whose guest powered off', async () => {
    const { ctx, rec, uid } = await runningVm({ name: 'always', namespace: 'default' });
    await rec.guests.get('always')?.shutdown(0);
    const again = await waitFor(ctx.store, R.vmi, 'default', 'always', (v) => !!v && v.metadata.uid !== uid && v.status?.phase === 'Running');
    expect(again?.metadata.uid).not.toBe(uid);
    expect(ctx.store.list(R.event, 'default').map((e) => e.reason)).toContain('Stopped');
  });

  it('Once leaves a finished VM Halted and Stopped', async () => {
    const { ctx, rec } = await runningVm({ name: 'once', namespace: 'default', runStrategy: 'Once' });
    await rec.guests.get('once')?.shutdown(0);
    const vm = await waitFor(ctx.store, R.vm, 'default', 'once', (v) => v?.spec?.runStrategy === 'Halted' && v.status?.printableStatus === 'Stopped');
    expect(vm?.status?.ready).toBe(false);
  });

  it('RerunOnFailure restarts after a crash but not after a clean power-off', async () => {
    const { ctx, rec, uid } = await runningVm({ name: 'rerun', namespace: 'default', runStrategy: 'RerunOnFailure' });
    kill(rec.guests.get('rerun'));
    const again = await waitFor(ctx.store, R.vmi, 'default', 'rerun', (v) => !!v && v.metadata.uid !== uid && v.status?.phase === 'Running');
    await rec.guests.get('rerun')?.shutdown(0);
    await waitFor(ctx.store, R.vmi, 'default', 'rerun', (v) => v?.status?.phase === 'Succeeded');
    await new Promise((r) => setTimeout(r, 300));
    const after = ctx.store.get(R.vmi, 'default', 'rerun');
    expect(after?.metadata.uid).toBe(again?.metadata.uid);
    expect(after?.status?.phase).toBe('Succeeded');
    expect(ctx.store.get(R.vm, 'default', 'rerun')?.status?.printableStatus).toBe('Stopped');
  });
});
