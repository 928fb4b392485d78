import { describe, expect, it, vi } from 'vitest';
import { WatchMux, WatchMuxPool, type MuxSocket } from './watch-mux';
import { CLOSE_SESSION_EXPIRED } from '../api/session';
import { encodeEvents } from '../api/watch-mux';
import type { KubeObject, WatchEvent } from './types';

/** A socket the test drives: it records what the mux sends and plays the server's part. */
class FakeSocket implements MuxSocket {
  readyState = 0;
  sent: unknown[] = [];
  closed?: { code?: number; reason?: string };
  onopen: MuxSocket['onopen'] = null;
  onmessage: MuxSocket['onmessage'] = null;
  onclose: MuxSocket['onclose'] = null;
  onerror: MuxSocket['onerror'] = null;

  send(data: string): void {
    if (this.readyState !== 1) throw new Error('send before open');
    this.sent.push(JSON.parse(data));
  }
  close(code?: number, reason?: string): void {
    this.closed = { code, reason };
    this.readyState = 3;
  }
  open(): void {
    this.readyState = 1;
    this.onopen?.({});
  }
  serverSends(text: string): void {
    this.onmessage?.({ data: text });
  }
  serverCloses(code: number, reason = ''): void {
    this.readyState = 3;
    this.onclose?.({ code, reason });
  }
}

function setup(opts: { idleCloseMs?: number; onSessionExpired?: () => void } = {}) {
  const sockets: FakeSocket[] = [];
  const mux = new WatchMux({
    url: 'ws://console.test/api/watch',
    ...opts,
    createSocket: () => {
      const s = new FakeSocket();
      sockets.push(s);
      return s;
    },
  });
  return { mux, sockets };
}

const req = (signal: AbortSignal, site = 'central') => ({ site, path: '/apis/kubevirt.io/v1/virtualmachines', query: { resourceVersion: '5' }, signal });

async function drain(it: AsyncIterable<WatchEvent<KubeObject>[]>): Promise<WatchEvent<KubeObject>[]> {
  const out: WatchEvent<KubeObject>[] = [];
  for await (const b of it) out.push(...b);
  return out;
}

describe('WatchMux', () => {
  it('queues watches until the socket opens, then routes each event frame to its watch', async () => {
    const { mux, sockets } = setup();
    const ctl = new AbortController();
    const a = mux.open(req(ctl.signal, 'central'));
    const b = mux.open(req(ctl.signal, 'region-east'));
    expect(sockets).toHaveLength(1);
    const socket = sockets[0]!;
    expect(socket.sent).toEqual([]);
    socket.open();
    expect(socket.sent).toEqual([
      { op: 'watch', id: 1, site: 'central', path: '/apis/kubevirt.io/v1/virtualmachines', query: { resourceVersion: '5' } },
      { op: 'watch', id: 2, site: 'region-east', path: '/apis/kubevirt.io/v1/virtualmachines', query: { resourceVersion: '5' } },
    ]);
    socket.serverSends('{"type":"open","id":1}');
    socket.serverSends('{"type":"open","id":2}');
    const [itA, itB] = await Promise.all([a, b]);
    socket.serverSends(encodeEvents(2, ['{"type":"ADDED","object":{"metadata":{"name":"east-vm"}}}']));
    socket.serverSends(encodeEvents(1, ['{"type":"ADDED","object":{"metadata":{"name":"central-vm"}}}', '{"type":"BOOKMARK","object":{"metadata":{"resourceVersion":"9"}}}']));
    socket.serverSends('{"type":"end","id":1}');
    socket.serverSends('{"type":"end","id":2}');
    const [eventsA, eventsB] = await Promise.all([drain(itA), drain(itB)]);
    expect(eventsA.map((e) => e.type)).toEqual(['ADDED', 'BOOKMARK']);
    expect(eventsB).toEqual([{ type: 'ADDED', object: { metadata: { name: 'east-vm' } } }]);
  });

  it("rejects a watch the cluster refused with the cluster's code and message", async () => {
    const { mux, sockets } = setup();
    const opening = mux.open(req(new AbortController().signal));
    sockets[0]!.open();
    sockets[0]!.serverSends(JSON.stringify({ type: 'error', id: 1, code: 403, status: { kind: 'Status', code: 403, reason: 'Forbidden', message: 'no watching for you' } }));
    await expect(opening).rejects.toMatchObject({ code: 403, message: 'no watching for you' });
  });

  it('sends cancel on abort and closes the idle socket later', async () => {
    vi.useFakeTimers();
    try {
      const { mux, sockets } = setup({ idleCloseMs: 1_000 });
      const ctl = new AbortController();
      const opening = mux.open(req(ctl.signal));
      const socket = sockets[0]!;
      socket.open();
      socket.serverSends('{"type":"open","id":1}');
      const events = drain(await opening);
      ctl.abort();
      await expect(events).resolves.toEqual([]);
      expect(socket.sent.at(-1)).toEqual({ op: 'cancel', id: 1 });
      expect(mux.size).toBe(0);
      vi.advanceTimersByTime(999);
      expect(socket.closed).toBeUndefined();
      vi.advanceTimersByTime(1);
      expect(socket.closed).toEqual({ code: 1000, reason: 'idle' });
    } finally {
      vi.useRealTimers();
    }
  });

  it('fails every open watch with a network error when the socket drops, and reconnects for the next', async () => {
    const { mux, sockets } = setup();
    const opening = mux.open(req(new AbortController().signal));
    sockets[0]!.open();
    sockets[0]!.serverSends('{"type":"open","id":1}');
    const events = drain(await opening);
    sockets[0]!.serverCloses(1006);
    await expect(events).rejects.toMatchObject({ code: 0, message: expect.stringMatching(/lost \(1006\)/) });
    void mux.open(req(new AbortController().signal)).catch(() => undefined);
    expect(sockets).toHaveLength(2);
  });

  it('on 4401 fails watches as 401 and reports the expired session', async () => {
    const onSessionExpired = vi.fn();
    const { mux, sockets } = setup({ onSessionExpired });
    const opening = mux.open(req(new AbortController().signal));
    sockets[0]!.open();
    sockets[0]!.serverCloses(CLOSE_SESSION_EXPIRED, 'session expired');
    await expect(opening).rejects.toMatchObject({ code: 401 });
    expect(onSessionExpired).toHaveBeenCalledTimes(1);
  });
});

describe('WatchMuxPool', () => {
  it('fills a socket up to the limit before it opens the next, and reuses room a watch left', async () => {
    const sockets: FakeSocket[] = [];
    const pool = new WatchMuxPool(
      {
        url: 'ws://console.test/api/watch',
        createSocket: () => {
          const s = new FakeSocket();
          sockets.push(s);
          return s;
        },
      },
      2,
    );
    const ctl = [0, 1, 2, 3, 4].map(() => new AbortController());
    const opened = ctl.map((c, i) => pool.open(req(c.signal, `site-${i}`)));
    expect(sockets).toHaveLength(3);
    for (const s of sockets) s.open();
    expect(sockets.map((s) => s.sent.map((m) => (m as { site: string }).site))).toEqual([
      ['site-0', 'site-1'],
      ['site-2', 'site-3'],
      ['site-4'],
    ]);
    // Each socket numbers its own watches; the server answers per socket.
    sockets[0]!.serverSends('{"type":"open","id":1}');
    sockets[1]!.serverSends('{"type":"open","id":2}');
    sockets[2]!.serverSends('{"type":"open","id":1}');
    await Promise.all([opened[0], opened[3], opened[4]]);
    // A watch on the first socket ends: the next one takes its place there, no new socket.
    ctl[0]!.abort();
    const sixth = pool.open(req(new AbortController().signal, 'site-5'));
    expect(sockets).toHaveLength(3);
    expect(sockets[0]!.sent.at(-1)).toMatchObject({ op: 'watch', site: 'site-5' });
    pool.close();
    expect(sockets.every((s) => s.closed?.code === 1000)).toBe(true);
    await Promise.allSettled([...opened, sixth]);
  });
});
