/**
 * Watch multiplexer figures, for the BFF benchmark: how much later a watch event arrives through
 * the BFF's `/api/watch` socket than straight from the cluster (both watching the same VM while
 * it is patched), and what 100 concurrent watches on one socket cost the BFF.
 */
import { setMaxListeners } from 'node:events';
import { request } from 'node:https';
import WebSocket from 'ws';
import { LineBuffer } from '../lib/k8s/line-buffer';
import { WatchMux, type MuxSocket } from '../lib/k8s/watch-mux';
import { WATCH_MUX_PATH } from '../lib/api/watch-mux';
import type { KubeObject, WatchEvent } from '../lib/k8s/types';
import type { Browser } from '../tests/support/http-client';

export interface MuxBenchEnv {
  serverUrl: string;
  browser: Browser;
  csrf: string;
  labUrl: string;
  adminToken: string;
  ca: string;
  site: string;
}

const PATCHES = 200;
const FANOUT = 100;
const VMS = '/apis/kubevirt.io/v1/virtualmachines';

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] ?? NaN;
const round = (x: number) => Math.round(x * 100) / 100;

function muxFor(env: MuxBenchEnv): WatchMux {
  return new WatchMux({
    url: env.serverUrl.replace(/^http/, 'ws') + WATCH_MUX_PATH,
    createSocket: (url) => new WebSocket(url, { headers: { cookie: env.browser.cookieHeader() }, origin: env.browser.origin, perMessageDeflate: false }) as unknown as MuxSocket,
  });
}

/** The `bench-seq` label of the VM in an event. */
function labelOf(e: WatchEvent<KubeObject>): string | undefined {
  return e.type === 'ERROR' ? undefined : e.object.metadata.labels?.['bench-seq'];
}

/** A watch straight to the cluster (admin token), parsed line by line. */
function directWatch(env: MuxBenchEnv, rv: string, name: string, onEvent: (e: WatchEvent<KubeObject>) => void): () => void {
  const url = `${env.labUrl}${VMS}?watch=1&resourceVersion=${rv}&fieldSelector=metadata.name%3D${name}`;
  const req = request(url, { headers: { authorization: `Bearer ${env.adminToken}` }, ca: env.ca }, (res) => {
    res.setEncoding('utf8');
    const lines = new LineBuffer();
    res.on('data', (c: string) => {
      for (const l of lines.push(c)) onEvent(JSON.parse(l) as WatchEvent<KubeObject>);
    });
  });
  req.on('error', () => undefined);
  req.end();
  return () => req.destroy();
}

async function eventLatency(env: MuxBenchEnv, name: string): Promise<Record<string, unknown>> {
  const path = `/k8s/${env.site}/apis/kubevirt.io/v1/namespaces/default/virtualmachines/${name}`;
  const rv = env.browser.call('GET', path).then((r) => r.json<{ metadata: { resourceVersion: string } }>().metadata.resourceVersion);
  const seenDirect = new Map<string, number>();
  const seenMux = new Map<string, number>();
  const stopDirect = directWatch(env, await rv, name, (e) => {
    const v = labelOf(e);
    if (v && !seenDirect.has(v)) seenDirect.set(v, performance.now());
  });
  const mux = muxFor(env);
  const ctl = new AbortController();
  const batches = await mux.open({ site: env.site, path: VMS, query: { resourceVersion: await rv, fieldSelector: `metadata.name=${name}` }, signal: ctl.signal });
  const reading = (async () => {
    for await (const batch of batches) {
      for (const e of batch) {
        const v = labelOf(e);
        if (v && !seenMux.has(v)) seenMux.set(v, performance.now());
      }
    }
  })();
  const added: number[] = [];
  for (let i = 0; i < PATCHES; i++) {
    const v = String(i);
    await env.browser.write('PATCH', path, { metadata: { labels: { 'bench-seq': v } } }, env.csrf, 'application/merge-patch+json');
    const deadline = Date.now() + 5_000;
    while ((!seenDirect.has(v) || !seenMux.has(v)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 1));
    const d = seenDirect.get(v);
    const m = seenMux.get(v);
    if (d !== undefined && m !== undefined) added.push(m - d);
  }
  ctl.abort();
  await reading;
  stopDirect();
  mux.close();
  return { events: added.length, addedMsP50: round(pct(added, 50)), addedMsP99: round(pct(added, 99)) };
}

async function fanOut(env: MuxBenchEnv): Promise<Record<string, unknown>> {
  const mux = muxFor(env);
  const ctl = new AbortController();
  // One signal for all 100 watches here (the app gives each watcher its own).
  setMaxListeners(FANOUT + 10, ctl.signal);
  global.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const t0 = performance.now();
  // Distinct label selectors: 100 separate upstream watches, as 50 sites × (VMs, VMIs) would be.
  const opened = await Promise.all(
    Array.from({ length: FANOUT }, (_, i) => mux.open({ site: env.site, path: VMS, query: { labelSelector: `bench-fanout=${i}` }, signal: ctl.signal })),
  );
  const openMs = performance.now() - t0;
  global.gc?.();
  const heapPerWatchKB = (process.memoryUsage().heapUsed - heapBefore) / FANOUT / 1024;
  ctl.abort();
  mux.close();
  return { watches: opened.length, sockets: 1, allOpenMs: Math.round(openMs), heapPerWatchKBClientAndBff: round(heapPerWatchKB) };
}

/** Both measurements; `vm` must exist on the site. */
export async function benchWatchMux(env: MuxBenchEnv, vm: string): Promise<Record<string, unknown>> {
  return { eventLatency: await eventLatency(env, vm), fanOut: await fanOut(env) };
}
