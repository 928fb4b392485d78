import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGuestFactory } from '@/lab/guest';
import type { Guest, GuestFactory, MigrationStats } from '@/lab/guest/types';
import { RfbClient } from '../support/rfb-client';
import { SerialSession } from '../support/serial-session';
import { requireQemu, runQemuTests } from '../support/qemu-required';

// One file, one guest at a time (two during a migration): the machine has 2 cores.
const MiB = 1024 * 1024;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const uptimeOf = (out: string): number => Number(out.trim().split(' ')[0]);

describe.runIf(runQemuTests)('real QEMU guest', { timeout: 180_000 }, () => {
  let factory: GuestFactory;
  let guest: Guest;

  beforeAll(async () => {
    requireQemu();
    factory = createGuestFactory({ qemuCap: 2 });
    guest = factory.start({
      namespace: 'plant-3',
      name: 'plc-gw',
      hostname: 'plc-gw',
      memoryMiB: 512,
      cpus: 1,
      node: 'edge-a',
      ipAddress: '10.244.3.9',
    });
    await guest.ready;
  }, 180_000);

  afterAll(async () => {
    await factory?.stopAll();
  });

  it('is a QEMU guest counted against the cap', () => {
    expect(guest.kind).toBe('qemu');
    expect(factory.usage()).toEqual({ qemu: 1, builtin: 0, cap: 2 });
  });

  it("serves QEMU's VNC: RFB 3.8 handshake and a full 720x400 update of the text console", async () => {
    const c = new RfbClient(await guest.openVnc());
    const init = await c.handshake();
    expect(init.version).toBe('RFB 003.008\n');
    expect(init.securityTypes).toContain(1);
    expect([init.width, init.height]).toEqual([720, 400]);
    c.setEncodings([0]);
    c.requestUpdate(false);
    let lit = 0;
    for (let i = 0; i < 5 && lit === 0; i++) {
      await c.readUpdate();
      lit = c.litPixels();
      if (lit === 0) c.requestUpdate(false);
    }
    expect(lit).toBeGreaterThan(500);
    expect(guest.vncConnections()).toBe(1);
  });

  it('keys typed over VNC reach the guest (checked on the serial line)', async () => {
    const c = new RfbClient(await guest.openVnc());
    await c.handshake();
    const serial = new SerialSession(await guest.openSerial());
    await c.typePaced('echo Typed-over-VNC! > /tmp/vnc-markX');
    c.tap(0xff08);
    await c.typePaced('\n');
    await expect
      .poll(async () => serial.run('cat /tmp/vnc-mark 2>/dev/null'), { timeout: 20_000, interval: 500 })
      .toBe('Typed-over-VNC!\n');
  });

  it("`uname -a` over the serial line returns the guest kernel's line", async () => {
    const serial = new SerialSession(await guest.openSerial());
    expect(await serial.run('uname -a')).toMatch(/^Linux plc-gw 6\.1\.0-\d+-cloud-amd64 #1 SMP .* x86_64 GNU\/Linux\n$/);
    expect(await serial.run('ip addr')).toContain('inet 10.244.3.9/32');
    const info = await guest.info();
    expect(info).toMatchObject({ hostname: 'plc-gw', os: { id: 'debian' } });
    expect(info.kernelRelease).toMatch(/cloud-amd64$/);
  });

  it('pause stops the guest (QMP stop): no serial answer until unpause (QMP cont)', async () => {
    const serial = new SerialSession(await guest.openSerial());
    await serial.run('true');
    await guest.pause();
    await expect(guest.info()).rejects.toMatchObject({ code: 409 });
    const mark = serial.text.length;
    serial.write('echo after-pause\r');
    await sleep(1500);
    expect(serial.text.slice(mark)).toBe('');
    await guest.unpause();
    await serial.waitFor(/\nafter-pause\r?\n/, 20_000, mark);
  });

  it.each([
    ['softReboot (reboot in the guest)', (g: Guest) => g.softReboot()],
    ['reset (QMP system_reset)', (g: Guest) => g.reset()],
  ])('%s boots the guest afresh', async (_name, restart) => {
    const serial = new SerialSession(await guest.openSerial());
    await serial.run('echo before > /tmp/reboot-mark');
    const mark = serial.text.length;
    await restart(guest);
    await serial.waitFor(/edge-vm ready/, 120_000, mark);
    expect(await serial.run('cat /tmp/reboot-mark 2>/dev/null || echo gone')).toBe('gone\n');
    await expect.poll(async () => (await guest.info()).hostname, { timeout: 30_000 }).toBe('plc-gw');
  });

  it('live-migrates an idle guest: processed rises, remaining falls, the target answers with uptime continued', async () => {
    const serial = new SerialSession(await guest.openSerial());
    await serial.run('echo before-migration > /tmp/state');
    const uptimeBefore = uptimeOf(await serial.run('cat /proc/uptime'));
    const migration = guest.migrate?.({ bandwidthBytesPerSec: 32 * MiB, allowAutoConverge: false, allowPostCopy: false, targetNode: 'edge-b' });
    if (!migration) throw new Error('QEMU guests migrate');
    const samples: MigrationStats[] = [];
    let finished = false;
    const done = migration.done.finally(() => (finished = true));
    while (!finished) {
      samples.push(await migration.stats());
      await sleep(300);
    }
    const target = await done;
    const active = samples.filter((s) => s.status === 'active');
    expect(active.length).toBeGreaterThanOrEqual(3);
    expect(active.every((s, i) => i === 0 || s.processedBytes >= (active[i - 1]?.processedBytes ?? 0))).toBe(true);
    expect(active.at(-1)?.processedBytes ?? 0).toBeGreaterThan(active[0]?.processedBytes ?? 0);
    expect(active.at(-1)?.remainingBytes ?? Infinity).toBeLessThan(active[0]?.remainingBytes ?? 0);
    expect(active[0]?.totalBytes).toBeGreaterThan(128 * MiB);
    expect(target).not.toBe(guest);
    expect(target.kind).toBe('qemu');

    const after = new SerialSession(await target.openSerial());
    expect(await after.run('cat /tmp/state')).toBe('before-migration\n');
    expect(uptimeOf(await after.run('cat /proc/uptime'))).toBeGreaterThan(uptimeBefore);
    expect(await after.run("dmesg | grep -cE 'BUG|Oops|panic|corrupt'")).toBe('0\n');
    expect(factory.usage().qemu).toBe(1);
    guest = target;
  });

  it('a dirtying guest under a bandwidth cap does not converge; cancel leaves the source running and healthy', async () => {
    await guest.setDirtyRate(32 * MiB);
    const migration = guest.migrate?.({ bandwidthBytesPerSec: 8 * MiB, allowAutoConverge: false, allowPostCopy: false, targetNode: 'edge-c' });
    if (!migration) throw new Error('QEMU guests migrate');
    const rejected = migration.done.then(
      () => 'completed',
      (e: Error) => e.message,
    );
    let s = await migration.stats();
    const deadline = Date.now() + 120_000;
    while (s.dirtySyncCount < 4 && Date.now() < deadline && (s.status === 'active' || s.status === 'setup')) {
      await sleep(500);
      s = await migration.stats();
    }
    expect(s.status).toBe('active');
    expect(s.dirtySyncCount).toBeGreaterThanOrEqual(4);
    expect(s.dirtyRateBytesPerSec).toBeGreaterThan(0);
    expect(s.remainingBytes).toBeGreaterThan(0);
    await migration.cancel();
    expect(await rejected).toMatch(/cancelled/);
    await guest.setDirtyRate(0);
    const serial = new SerialSession(await guest.openSerial());
    expect(await serial.run('hostname')).toBe('plc-gw\n');
    expect(await serial.run("dmesg | grep -cE 'BUG|Oops|panic|corrupt'")).toBe('0\n');
    expect((await guest.info()).uptimeSeconds).toBeGreaterThan(0);
    expect(factory.usage().qemu).toBe(1);
  });

  it('shuts down for real and reports onExit("shutdown")', async () => {
    const reasons: string[] = [];
    guest.onExit((r) => reasons.push(r));
    await guest.shutdown(10_000);
    await expect.poll(() => reasons).toEqual(['shutdown']);
    expect(factory.usage().qemu).toBe(0);
  });
});
