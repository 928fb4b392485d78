import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { SerialHub } from './serial-hub';

/** A websocket "serial line" that records what it receives and can print. */
async function upstreamServer() {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await once(wss, 'listening');
  const received: string[] = [];
  const sockets: WebSocket[] = [];
  wss.on('connection', (ws) => {
    sockets.push(ws);
    ws.on('message', (d) => received.push(d.toString()));
  });
  const url = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`;
  return {
    wss,
    received,
    sockets,
    print: (s: string) =>
      sockets.filter((w) => w.readyState === WebSocket.OPEN).forEach((w) => w.send(Buffer.from(s))),
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
  return { server, client, text: () => Buffer.concat(chunks).toString('utf8'), wss };
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
    const hub = new SerialHub<string>({ dial: () => (dials++, up.dial()), authorize: async () => {} });
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
    const hub = new SerialHub<string>({ dial: () => up.dial(), authorize: async () => {}, lingerMs: 60_000 });
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
    const hub = new SerialHub<string>({ dial: () => up.dial(), authorize: async () => {}, lingerMs: 100 });
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

  it('tells browsers when the upstream drops and dials it again', async () => {
    const up = await upstreamServer();
    let dials = 0;
    const hub = new SerialHub<string>({ dial: () => (dials++, up.dial()), authorize: async () => {} });
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
    await until(() => dials === 2 && hub.stats(vm)?.upstreamOpen === true, 'redial');
  });
});
