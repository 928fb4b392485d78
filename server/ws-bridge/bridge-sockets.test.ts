import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { bridgeSockets, type Bridge, type BridgeOptions } from '@/server/ws-bridge/bridge-sockets';

/**
 * The bridge building block between two real websocket connections on loopback: a "cluster"
 * endpoint (a ws server) and a "browser" (a ws client), joined by bridgeSockets in the middle.
 */
interface Rig {
  /** The cluster end's socket (server side of the upstream connection). */
  cluster: WebSocket;
  /** The browser's own socket (client side). */
  browser: WebSocket;
  bridge: Bridge;
  close(): Promise<void>;
}

const servers: { http: Server; wss: WebSocketServer }[] = [];
afterEach(async () => {
  for (const { wss } of servers) for (const c of wss.clients) c.terminate();
  await Promise.all(servers.splice(0).map(({ http }) => new Promise((r) => http.close(r))));
});

async function listen(handler: (ws: WebSocket) => void): Promise<string> {
  const http = createServer();
  const wss = new WebSocketServer({ server: http, perMessageDeflate: false });
  wss.on('connection', handler);
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  servers.push({ http, wss });
  return `ws://127.0.0.1:${(http.address() as AddressInfo).port}`;
}

async function rig(opts: Partial<BridgeOptions> = {}): Promise<Rig> {
  let cluster!: WebSocket;
  const clusterUrl = await listen((ws) => (cluster = ws));
  let bridge!: Bridge;
  const bridgeUrl = await listen((browserSide) => {
    const upstream = new WebSocket(clusterUrl, { perMessageDeflate: false });
    upstream.once('open', () => {
      bridge = bridgeSockets(browserSide, upstream, { highWaterBytes: 256 * 1024, pingIntervalMs: 60_000, ...opts });
    });
  });
  const browser = new WebSocket(bridgeUrl, { perMessageDeflate: false });
  await new Promise((r) => browser.once('open', r));
  await waitFor(() => cluster !== undefined && bridge !== undefined);
  return { cluster, browser, bridge, close: async () => browser.terminate() };
}

async function waitFor(cond: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 10));
  }
}

const nextMessage = (ws: WebSocket) => new Promise<{ data: Buffer; binary: boolean }>((r) => ws.once('message', (data: Buffer, binary: boolean) => r({ data, binary })));
const nextClose = (ws: WebSocket) => new Promise<{ code: number; reason: string }>((r) => ws.once('close', (code, reason) => r({ code, reason: reason.toString() })));

describe('bridgeSockets', () => {
  it('copies binary frames both ways and drops text frames from the browser', async () => {
    const r = await rig();
    const atCluster = nextMessage(r.cluster);
    r.browser.send('typed as text');
    r.browser.send(Buffer.from('RFB 003.008\n'));
    expect((await atCluster).data.toString()).toBe('RFB 003.008\n');
    const atBrowser = nextMessage(r.browser);
    r.cluster.send(Buffer.from([1, 2, 3]));
    const got = await atBrowser;
    expect(got.binary).toBe(true);
    expect([...got.data]).toEqual([1, 2, 3]);
    r.browser.close(1000, 'bye');
    const summary = await r.bridge.done;
    expect(summary).toMatchObject({ textFramesDropped: 1, bytesUp: 12, bytesDown: 3, closedBy: 'browser', sent: { code: 1000, reason: 'bye' } });
  });

  it('maps an abnormal upstream drop (1006) to 1011 and a status-less close (1005) to 1001', async () => {
    const a = await rig();
    const closedA = nextClose(a.browser);
    a.cluster.terminate();
    expect((await closedA).code).toBe(1011);
    const b = await rig();
    const closedB = nextClose(b.browser);
    b.cluster.close();
    expect(await closedB).toEqual({ code: 1001, reason: 'upstream closed without a status' });
    const c = await rig();
    const atCluster = nextClose(c.cluster);
    c.browser.close(4001, 'app says bye');
    expect(await atCluster).toEqual({ code: 4001, reason: 'app says bye' });
  });

  it('tears down once even when both sides fail together', async () => {
    const r = await rig();
    let calls = 0;
    const r2 = await rig({ onClose: () => calls++ });
    r2.cluster.terminate();
    r2.browser.terminate();
    await r2.bridge.done;
    await new Promise((res) => setTimeout(res, 100));
    expect(calls).toBe(1);
    r.browser.close();
    await r.bridge.done;
  });

  it('passes browser bytes through the upstream filter, and closes when the filter says so', async () => {
    const r = await rig({ upstreamFilter: (d) => (d[0] === 0xff ? { code: 1008, reason: 'bad input' } : d.subarray(1)) });
    const got = nextMessage(r.cluster);
    r.browser.send(Buffer.from([9, 1, 2]), { binary: true });
    expect([...(await got).data]).toEqual([1, 2]);
    const closed = nextClose(r.browser);
    r.browser.send(Buffer.from([0xff]), { binary: true });
    expect(await closed).toEqual({ code: 1008, reason: 'bad input' });
    expect((await r.bridge.done).closedBy).toBe('server');
  });

  it('drops a side that stops answering pings', async () => {
    const r = await rig({ pingIntervalMs: 100 });
    // The cluster's socket stops reading: it can no longer answer pings.
    r.cluster.pause();
    const closed = nextClose(r.browser);
    expect(await closed).toEqual({ code: 1001, reason: 'keepalive timeout' });
  });

  it('holds a slow reader with bounded memory: the producer is stalled, nothing is lost', async () => {
    const high = 256 * 1024;
    const r = await rig({ highWaterBytes: high });
    r.browser.pause(); // the browser stops reading, like a stalled tab on a slow link
    const chunk = Buffer.alloc(64 * 1024, 7);
    let produced = 0;
    let stop = false;
    const pump = () => {
      // The producer respects its own socket's buffer (as virt-handler's writes block).
      while (!stop && r.cluster.bufferedAmount < 2 * 1024 * 1024) {
        r.cluster.send(chunk, { binary: true });
        produced += chunk.length;
      }
      if (!stop) setTimeout(pump, 5);
    };
    pump();
    let maxToBrowser = 0;
    const started = Date.now();
    const baseline = process.memoryUsage().arrayBuffers;
    let peakArrayBuffers = baseline;
    while (Date.now() - started < 2000) {
      maxToBrowser = Math.max(maxToBrowser, r.bridge.buffered().toBrowser);
      peakArrayBuffers = Math.max(peakArrayBuffers, process.memoryUsage().arrayBuffers);
      await new Promise((res) => setTimeout(res, 20));
    }
    stop = true;
    // The bridge never queues more than the high-water mark plus one message towards the browser.
    expect(maxToBrowser).toBeLessThanOrEqual(high + chunk.length);
    // Backpressure reached the producer: over 2 s of loopback only a few MB could be sent.
    expect(produced).toBeLessThan(64 * 1024 * 1024);
    expect(peakArrayBuffers - baseline).toBeLessThan(64 * 1024 * 1024);
    // Resume the reader: every byte produced arrives.
    let received = 0;
    r.browser.on('message', (d: Buffer) => (received += d.length));
    r.browser.resume();
    await waitFor(() => received === produced, 20_000);
    expect(received).toBe(produced);
    r.browser.close();
    const summary = await r.bridge.done;
    expect(summary.pauses).toBeGreaterThan(0);
  });
});
