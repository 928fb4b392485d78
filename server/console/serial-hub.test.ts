import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { SerialHub } from './serial-hub';

/** A websocket "serial line" that records what it receives and can print. */
async function upstreamServer(opts: { oneSession?: boolean } = {}) {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await once(wss, 'listening');
  const received: string[] = [];
  const sockets: WebSocket[] = [];
  const bySocket = new Map<WebSocket, string[]>();
  wss.on('connection', (ws) => {
    // Like virt-handler: one serial session per VMI, a new connection closes the old one.
    if (opts.oneSession) for (const old of sockets) old.close(1000, 'a new connection took over the session');
    sockets.push(ws);
    bySocket.set(ws, []);
    ws.on('message', (d) => {
      received.push(d.toString());
      bySocket.get(ws)!.push(d.toString());
    });
  });
  const url = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`;
  return {
    wss,
    received,
    sockets,
    bySocket,
    print: (s: string) => sockets.filter((w) => w.readyState === WebSocket.OPEN).forEach((w) => w.send(Buffer.from(s))),
    dial: async () => {
      const ws = new WebSocket(url);
      await once(ws, 'open');
      return ws;
    },
  };
}

/** A browser-side pair: the server end handed to the hub and the client end the test reads. */
async function browserPair() {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await once(wss, 'listening');
  const client = new WebSocket(`ws://127.0.0.1:${(wss.address() as AddressInfo).port}`);
  const chunks: Buffer[] = [];
  client.on('message', (d: Buffer) => chunks.push(d));
  const [server] = (await once(wss, 'connection')) as [WebSocket];
  await once(client, 'open');
  return { server, client, text: () => Buffer.concat(chunks).toString('utf8'), frames: () => chunks.length, wss };
}

async function until(cond: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (cond()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const vm = { site: 's', namespace: 'ns', name: 'vm' };
const closers: Array<() => void> = [];
afterEach(() => {
  for (const c of closers.splice(0)) c();
});

describe('SerialHub', () => {
  it('shares one upstream among browsers, fans out output, and drops view-only input', async () => {
    const up = await upstreamServer();
    let dials = 0;
    const hub = new SerialHub<string>({ userOf: (w) => w, dial: () => (dials++, up.dial()), authorize: async () => {} });
    const a = await browserPair();
    const b = await browserPair();
    closers.push(
      () => hub.close(),
      () => up.wss.close(),
      () => a.wss.close(),
      () => b.wss.close(),
    );
    await hub.attach(vm, 'alice', a.server, false);
    await hub.attach(vm, 'bob', b.server, true);
    expect(dials).toBe(1);
    up.print('hello 你好\n');
    await until(() => a.text().includes('你好') && b.text().includes('你好'), 'fan-out');
    a.client.send(Buffer.from('ls\n'));
    b.client.send(Buffer.from('rm -rf /\n'));
    a.client.send('text frames are dropped');
    await until(() => up.received.length >= 1, 'input');
    await new Promise((r) => setTimeout(r, 100));
    expect(up.received).toEqual(['ls\n']);
    expect(hub.stats(vm)).toMatchObject({ clients: 2, upstreamOpen: true });
  });

  it('keeps the upstream while nobody watches and replays what was printed meanwhile', async () => {
    const up = await upstreamServer();
    const hub = new SerialHub<string>({ userOf: (w) => w, dial: () => up.dial(), authorize: async () => {}, lingerMs: 60_000 });
    const a = await browserPair();
    closers.push(
      () => hub.close(),
      () => up.wss.close(),
      () => a.wss.close(),
    );
    await hub.attach(vm, 'alice', a.server, false);
    up.print('before\n');
    await until(() => a.text().includes('before'), 'first output');
    a.client.close();
    await until(() => hub.stats(vm)?.clients === 0, 'detach');
    up.print('while away\n');
    await until(() => (hub.stats(vm)?.bufferedBytes ?? 0) >= 'before\nwhile away\n'.length, 'buffered');
    expect(hub.stats(vm)?.upstreamOpen).toBe(true);
    const b = await browserPair();
    closers.push(() => b.wss.close());
    await hub.attach(vm, 'alice', b.server, false);
    await until(() => b.text().includes('while away'), 'replay');
    expect(b.text()).toBe('before\nwhile away\n');
    expect((await hub.buffer(vm, 'alice'))?.toString()).toBe('before\nwhile away\n');
  });

  it('closes the upstream once the linger period passes with nobody attached', async () => {
    const up = await upstreamServer();
    const hub = new SerialHub<string>({ userOf: (w) => w, dial: () => up.dial(), authorize: async () => {}, lingerMs: 100 });
    const a = await browserPair();
    closers.push(
      () => hub.close(),
      () => up.wss.close(),
      () => a.wss.close(),
    );
    await hub.attach(vm, 'alice', a.server, false);
    a.client.close();
    await until(() => hub.stats(vm) === undefined, 'channel removed');
    await until(() => up.sockets.every((s) => s.readyState === WebSocket.CLOSED), 'upstream closed');
  });

  it('checks every user with the cluster before attaching, even to an open upstream', async () => {
    const up = await upstreamServer();
    const asked: string[] = [];
    const hub = new SerialHub<string>({
      userOf: (w) => w,
      dial: () => up.dial(),
      authorize: async (_vm, who) => {
        asked.push(who);
        if (who === 'mallory') throw Object.assign(new Error('forbidden'), { code: 403 });
      },
    });
    const a = await browserPair();
    const m = await browserPair();
    closers.push(
      () => hub.close(),
      () => up.wss.close(),
      () => a.wss.close(),
      () => m.wss.close(),
    );
    await hub.attach(vm, 'alice', a.server, false);
    await expect(hub.attach(vm, 'mallory', m.server, false)).rejects.toThrow('forbidden');
    await expect(hub.buffer(vm, 'mallory')).rejects.toThrow('forbidden');
    expect(asked).toEqual(['alice', 'mallory', 'mallory']);
    expect(hub.stats(vm)?.clients).toBe(1);
  });

  it('tells browsers when the upstream drops, and never dials it again by itself', async () => {
    const up = await upstreamServer();
    let dials = 0;
    // The VM still runs, but 1001 is a server going away (an API server restart), not a takeover.
    const hub = new SerialHub<string>({ userOf: (w) => w, dial: () => (dials++, up.dial()), authorize: async () => {}, stillRunning: async () => true });
    const a = await browserPair();
    closers.push(
      () => hub.close(),
      () => up.wss.close(),
      () => a.wss.close(),
    );
    await hub.attach(vm, 'alice', a.server, false);
    const closed = once(a.client, 'close');
    up.sockets[0]!.close(1001);
    const [code] = (await closed) as [number];
    expect(code).toBe(1012);
    // The old hub re-dialled after 1 s during its linger, taking the line from whoever held it.
    await new Promise((r) => setTimeout(r, 2_500));
    expect(dials).toBe(1);
    const b = await browserPair();
    closers.push(() => b.wss.close());
    await hub.attach(vm, 'alice', b.server, false);
    expect(dials).toBe(2);
  });

  it('never takes the line back after the last browser left and someone else took it', async () => {
    const up = await upstreamServer();
    let dials = 0;
    const hub = new SerialHub<string>({ userOf: (w) => w, dial: () => (dials++, up.dial()), authorize: async () => {}, lingerMs: 60_000 });
    const a = await browserPair();
    closers.push(() => hub.close(), () => up.wss.close(), () => a.wss.close());
    await hub.attach(vm, 'alice', a.server, false);
    a.client.close();
    await until(() => hub.stats(vm)?.clients === 0, 'detach');
    up.sockets[0]!.close(1000, 'a new connection took over the session');
    await until(() => hub.stats(vm)?.upstreamOpen === false, 'upstream gone');
    await new Promise((r) => setTimeout(r, 2_500));
    expect(dials).toBe(1);
  });

  it('tells browsers the line was taken over when it closes cleanly while the VM runs (4409)', async () => {
    const up = await upstreamServer();
    let dials = 0;
    const asked: string[] = [];
    const hub = new SerialHub<string>({
      userOf: (w) => w,
      dial: () => (dials++, up.dial()),
      authorize: async () => {},
      stillRunning: async (_vm, who) => (asked.push(who), true),
    });
    const a = await browserPair();
    closers.push(() => hub.close(), () => up.wss.close(), () => a.wss.close());
    await hub.attach(vm, 'alice', a.server, false);
    const closed = once(a.client, 'close');
    up.sockets[0]!.close(1000, 'a new connection took over the session');
    const [code] = (await closed) as [number];
    expect(code).toBe(4409);
    expect(asked).toEqual(['alice']);
    await new Promise((r) => setTimeout(r, 1_500));
    expect(dials).toBe(1);
  });

  it('sends keystrokes as the user who typed them: another user typing takes the line over as them', async () => {
    const up = await upstreamServer({ oneSession: true });
    const dialledAs: string[] = [];
    const hub = new SerialHub<string>({ userOf: (w) => w, dial: (_vm, who) => (dialledAs.push(who), up.dial()), authorize: async () => {} });
    const a = await browserPair();
    const b = await browserPair();
    closers.push(() => hub.close(), () => up.wss.close(), () => a.wss.close(), () => b.wss.close());
    await hub.attach(vm, 'alice', a.server, false);
    await hub.attach(vm, 'bob', b.server, false);
    expect(hub.stats(vm)?.owner).toBe('alice');
    a.client.send(Buffer.from('from alice\n'));
    await until(() => up.received.includes('from alice\n'), 'alice input');
    b.client.send(Buffer.from('from bob\n'));
    await until(() => up.received.includes('from bob\n'), 'bob input after handover');
    expect(dialledAs).toEqual(['alice', 'bob']);
    expect(hub.stats(vm)).toMatchObject({ owner: 'bob', clients: 2, upstreamOpen: true });
    // The replaced session was the hub's own: nobody is told the line was lost.
    up.print('after handover\n');
    await until(() => a.text().includes('after handover') && b.text().includes('after handover'), 'both still attached');
    expect(up.bySocket.get(up.sockets[0]!)).toEqual(['from alice\n']);
    expect(up.bySocket.get(up.sockets[1]!)).toEqual(['from bob\n']);
  });

  it('ends the linger when the owner session does', async () => {
    const up = await upstreamServer();
    const hub = new SerialHub<string>({ userOf: (w) => w, expiresAt: () => Date.now() + 300, dial: () => up.dial(), authorize: async () => {}, lingerMs: 600_000 });
    const a = await browserPair();
    closers.push(() => hub.close(), () => up.wss.close(), () => a.wss.close());
    await hub.attach(vm, 'alice', a.server, false);
    a.client.close();
    await until(() => hub.stats(vm) === undefined, 'channel removed at expiry');
    await until(() => up.sockets.every((s) => s.readyState === WebSocket.CLOSED), 'upstream closed');
  });

  it("hands the line to another attached user when the owner's grant ends", async () => {
    const up = await upstreamServer({ oneSession: true });
    const dialledAs: string[] = [];
    const expiry: Record<string, number> = { alice: Date.now() + 300, bob: Date.now() + 600_000 };
    const hub = new SerialHub<string>({ userOf: (w) => w, expiresAt: (w) => expiry[w], dial: (_vm, who) => (dialledAs.push(who), up.dial()), authorize: async () => {} });
    const a = await browserPair();
    const b = await browserPair();
    closers.push(() => hub.close(), () => up.wss.close(), () => a.wss.close(), () => b.wss.close());
    await hub.attach(vm, 'alice', a.server, false);
    await hub.attach(vm, 'bob', b.server, true);
    await until(() => hub.stats(vm)?.owner === 'bob', 'handover to bob');
    expect(dialledAs).toEqual(['alice', 'bob']);
    up.print('still here\n');
    await until(() => b.text().includes('still here'), 'bob keeps the output');
  });

  it('holds back a fast typist instead of flooding the line, and loses nothing', async () => {
    const up = await upstreamServer();
    const hub = new SerialHub<string>({ userOf: (w) => w, dial: () => up.dial(), authorize: async () => {}, inputBytesPerSecond: 8 * 1024 });
    const a = await browserPair();
    closers.push(() => hub.close(), () => up.wss.close(), () => a.wss.close());
    await hub.attach(vm, 'alice', a.server, false);
    const chunk = Buffer.alloc(1024, 0x61);
    for (let i = 0; i < 24; i++) a.client.send(chunk);
    const received = () => up.received.reduce((n, s) => n + s.length, 0);
    await new Promise((r) => setTimeout(r, 400));
    // One second's worth of burst plus what refilled meanwhile, give or take a socket read.
    expect(received()).toBeLessThan(16 * 1024);
    await until(() => received() === 24 * 1024, 'every byte, later');
  }, 10_000);

  it('fans out a burst of tiny upstream frames as a few large ones', async () => {
    const up = await upstreamServer();
    const hub = new SerialHub<string>({ userOf: (w) => w, dial: () => up.dial(), authorize: async () => {} });
    const a = await browserPair();
    closers.push(() => hub.close(), () => up.wss.close(), () => a.wss.close());
    await hub.attach(vm, 'alice', a.server, false);
    for (let i = 0; i < 2000; i++) up.print('x');
    await until(() => a.text().length === 2000, 'all output');
    expect(a.frames()).toBeLessThan(200);
  });
});
