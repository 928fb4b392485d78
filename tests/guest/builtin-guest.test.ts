import { afterEach, describe, expect, it } from 'vitest';
import { BuiltinGuest } from '@/lab/guest/builtin/builtin-guest';
import { loadVgaFont } from '@/lab/guest/builtin/psf-font';
import { createGuestFactory } from '@/lab/guest';
import type { GuestSpec } from '@/lab/guest/types';
import { FORMATS, RfbClient } from '../support/rfb-client';
import { SerialSession } from '../support/serial-session';

const spec = (name = 'web-1'): GuestSpec => ({
  namespace: 'shop-7',
  name,
  hostname: name,
  memoryMiB: 256,
  cpus: 1,
  node: 'edge-node-a',
  ipAddress: '10.244.1.17',
  macAddress: '52:54:00:ab:cd:ef',
});

const guests: BuiltinGuest[] = [];
async function boot(name?: string): Promise<BuiltinGuest> {
  const g = new BuiltinGuest(spec(name), { bootMs: 300 });
  guests.push(g);
  await g.ready;
  return g;
}

afterEach(() => {
  for (const g of guests.splice(0)) g.kill();
});

async function vnc(g: BuiltinGuest): Promise<RfbClient> {
  const c = new RfbClient(await g.openVnc());
  await c.handshake();
  c.setEncodings([0, -223]);
  return c;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('built-in guest: VNC (RFB 3.8)', () => {
  it('handshakes and sends a full framebuffer update showing the console text with the VGA font', async () => {
    const g = await boot();
    const c = await vnc(g);
    expect(c.init.version).toBe('RFB 003.008\n');
    expect(c.init.securityTypes).toEqual([1]);
    expect([c.init.width, c.init.height]).toEqual([720, 400]);
    expect(c.init.format).toMatchObject({ bitsPerPixel: 32, depth: 24, trueColour: true });
    expect(c.init.name).toBe('shop-7/web-1');
    c.requestUpdate(false);
    const rects = await c.readUpdate();
    expect(rects).toEqual([{ x: 0, y: 0, w: 720, h: 400, encoding: 0 }]);
    expect(c.litPixels()).toBeGreaterThan(1000);
    const text = g.screenText();
    expect(text.some((l) => l.includes('Linux version 6.1.0-edgevirt'))).toBe(true);
    const row = text.findIndex((l) => l.startsWith('web-1:~#'));
    expect(row).toBeGreaterThan(0);
    // The prompt's first cell ("w") is the font's glyph, light grey (0xaaaaaa) on black.
    const glyph = loadVgaFont().glyph('w'.codePointAt(0) ?? 0);
    for (let gy = 0; gy < 16; gy++) {
      for (let gx = 0; gx < 8; gx++) {
        const on = ((glyph[gy] ?? 0) & (0x80 >> gx)) !== 0;
        expect(c.pixels[(row * 16 + gy) * 720 + gx]).toBe(on ? 0xaaaaaa : 0);
      }
    }
  });

  it.each([
    ['16 bpp RGB565', FORMATS.rgb565],
    ['8 bpp BGR233', FORMATS.bgr233],
    ['8 bpp colour map', FORMATS.colourMap8],
  ])('honours the client pixel format %s', async (_name, format) => {
    const g = await boot();
    const ref = await vnc(g);
    ref.setPixelFormat(FORMATS.rgb888);
    ref.requestUpdate(false);
    await ref.readUpdate();
    const c = await vnc(g);
    c.setPixelFormat(format);
    c.requestUpdate(false);
    await c.readUpdate();
    if (!format.trueColour) expect(c.colourMap.size).toBe(16);
    // Every pixel decodes to the same colour as in 32 bpp, up to the format's precision.
    const quant = (rgb: number): number => (format.trueColour ? (rgb >> 22) & 0x3 : rgb);
    let same = 0;
    for (let i = 0; i < c.pixels.length; i++) if (quant(c.pixels[i] ?? 0) === quant(ref.pixels[i] ?? 0)) same++;
    expect(same).toBe(c.pixels.length);
    expect(c.litPixels()).toBeGreaterThan(1000);
  });

  it('answers incremental requests only when the screen changed, with the changed rows', async () => {
    const g = await boot();
    const c = await vnc(g);
    c.requestUpdate(false);
    await c.readUpdate();
    c.requestUpdate(true);
    await sleep(100);
    const pendingBefore = c.reader.available();
    c.type('x');
    const rects = await c.readUpdate();
    expect(pendingBefore).toBe(0);
    expect(rects.length).toBe(1);
    expect(rects[0]?.h).toBeLessThan(400);
    expect(rects[0]?.h ?? 0).toBeGreaterThanOrEqual(16);
  });

  it('types keys over VNC into the console shell (Return, BackSpace, shifted characters)', async () => {
    const g = await boot();
    const c = await vnc(g);
    const serial = new SerialSession(await g.openSerial());
    c.type('echo Typed-over-VNC! > /tmp/vnc-markX');
    c.tap(0xff08); // BackSpace removes the X
    c.type('\n');
    await expect.poll(() => g.screenText().some((l) => l === 'web-1:~# echo Typed-over-VNC! > /tmp/vnc-mark')).toBe(true);
    expect(await serial.run('cat /tmp/vnc-mark')).toBe('Typed-over-VNC!\n');
    c.type('uname -r\n');
    await expect.poll(() => g.screenText().includes('6.1.0-edgevirt')).toBe(true);
  });

  it('reboots on Ctrl+Alt+Del and keeps the connection', async () => {
    const g = await boot();
    const c = await vnc(g);
    const serial = new SerialSession(await g.openSerial());
    const before = Number((await serial.run('cat /proc/uptime')).split(' ')[0]);
    await sleep(400);
    c.key(0xffe3, true);
    c.key(0xffe9, true);
    c.tap(0xffff);
    c.key(0xffe9, false);
    c.key(0xffe3, false);
    await serial.waitFor(/reboot: Restarting system[\s\S]*edge-vm ready/);
    const after = Number((await serial.run('cat /proc/uptime')).split(' ')[0]);
    expect(after).toBeLessThan(before + 0.4);
    c.requestUpdate(false);
    expect((await c.readUpdate()).length).toBe(1);
  });

  it('accepts pointer events and client cut text', async () => {
    const g = await boot();
    const c = await vnc(g);
    c.pointer(1, 100, 100);
    c.pointer(0, 101, 100);
    c.cutText('clipboard text');
    c.requestUpdate(false);
    expect((await c.readUpdate())[0]?.w).toBe(720);
    expect(g.vncConnections()).toBe(1);
  });

  it('keeps one VNC client: a new one closes the previous', async () => {
    const g = await boot();
    const first = await vnc(g);
    await vnc(g);
    await expect.poll(() => first.reader.closed).toBe(true);
    expect(g.vncConnections()).toBe(1);
  });
});

describe('built-in guest: serial line', () => {
  it('runs a small shell: uname -a, hostname, ip addr, uptime, echo, /proc/uptime, dmesg', async () => {
    const g = await boot();
    const s = new SerialSession(await g.openSerial());
    s.write('\r');
    await s.waitFor(/web-1:~# $/);
    expect(await s.run('uname -a')).toMatch(/^Linux web-1 6\.1\.0-edgevirt #1 SMP .* x86_64 GNU\/Linux\n$/);
    expect(await s.run('hostname')).toBe('web-1\n');
    expect(await s.run('ip addr')).toContain('inet 10.244.1.17/24 scope global eth0');
    expect(await s.run('uptime')).toMatch(/up \d+ min, +load average/);
    expect(await s.run('echo hello   world')).toBe('hello world\n');
    expect(await s.run('cat /proc/uptime')).toMatch(/^\d+\.\d\d \d+\.\d\d\n$/);
    expect(await s.run('dmesg')).toMatch(/\[\s+0\.000000\] Linux version 6\.1\.0-edgevirt/);
    expect(await s.run('nosuchcmd')).toBe('sh: nosuchcmd: not found\n');
  });

  it('is UTF-8 correct, even with multi-byte characters split across writes', async () => {
    const g = await boot();
    const s = new SerialSession(await g.openSerial());
    const bytes = Buffer.from('echo héllo 世界 🚀\r', 'utf8');
    for (const b of bytes) s.write(Buffer.from([b]));
    await s.waitFor(/\r\nhéllo 世界 🚀\r\n/);
    s.write(Buffer.from('echo 界', 'utf8'));
    s.write(Buffer.from([0x7f]));
    s.write('ok\r');
    await s.waitFor(/\r\nok\r\n/);
  });

  it('keeps one serial client: a new one ends the previous', async () => {
    const g = await boot();
    const first = await g.openSerial();
    const ended = new Promise<void>((r) => first.once('end', r));
    first.resume();
    await g.openSerial();
    await ended;
  });
});

describe('built-in guest: lifecycle', () => {
  it('pause freezes the guest: no output, no uptime; unpause resumes with the queued input', async () => {
    const g = await boot();
    const s = new SerialSession(await g.openSerial());
    const before = Number((await s.run('cat /proc/uptime')).split(' ')[0]);
    await g.pause();
    await expect(g.info()).rejects.toMatchObject({ code: 409 });
    const mark = s.text.length;
    s.write('echo after-pause\r');
    await sleep(1000);
    expect(s.text.slice(mark)).toBe('');
    await g.unpause();
    await s.waitFor(/\r\nafter-pause\r\n/, 5000, mark);
    const after = Number((await s.run('cat /proc/uptime')).split(' ')[0]);
    expect(after - before).toBeLessThan(0.9);
    expect((await g.info()).uptimeSeconds).toBeGreaterThanOrEqual(before);
  });

  it('relocate keeps state (files, uptime, screen) and changes the node', async () => {
    const g = await boot();
    const s = new SerialSession(await g.openSerial());
    await s.run('echo kept > /tmp/state');
    const screen = g.screenText();
    const before = (await g.info()).uptimeSeconds;
    g.relocate('edge-node-b');
    expect(g.spec.node).toBe('edge-node-b');
    expect(await s.run('cat /tmp/state')).toBe('kept\n');
    expect(g.screenText()).toEqual(screen);
    expect((await g.info()).uptimeSeconds).toBeGreaterThanOrEqual(before);
  });

  it('reports info and stops on shutdown with onExit("shutdown")', async () => {
    const g = await boot();
    const info = await g.info();
    expect(info).toMatchObject({ hostname: 'web-1', kernelRelease: '6.1.0-edgevirt', os: { id: 'edgevirt' } });
    const reasons: string[] = [];
    g.onExit((r) => reasons.push(r));
    await g.shutdown(1000);
    expect(reasons).toEqual(['shutdown']);
    await expect(g.openSerial()).rejects.toMatchObject({ code: 409 });
  });

  it('the factory starts built-in guests beyond the QEMU cap', async () => {
    const factory = createGuestFactory({ qemuCap: 0, builtin: { bootMs: 100 } });
    const g = factory.start(spec('beyond-cap'));
    await g.ready;
    expect(g.kind).toBe('builtin');
    expect(g.migrate).toBeUndefined();
    expect(factory.usage()).toEqual({ qemu: 0, builtin: 1, cap: 0 });
    await factory.stopAll();
    expect(factory.usage()).toEqual({ qemu: 0, builtin: 0, cap: 0 });
  });
});
