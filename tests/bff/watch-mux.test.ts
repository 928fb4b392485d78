import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { KubeApiError } from '@/lib/k8s/kube-api-error';
import type { KubeObject, WatchEvent } from '@/lib/k8s/types';
import { WatchMux, type MuxSocket } from '@/lib/k8s/watch-mux';
import { WATCH_MUX_PATH } from '../../lib/api/watch-mux';
import type { RunningServer } from '@/server/start-server';
import { Browser } from '../support/http-client';
import { eventually, exampleVm, siteNames, startBff, startTestLab, type Lab } from '../support/bff-env';
import { openSocket } from '../support/ws-client';

type Batch = WatchEvent<KubeObject>[];

const VMS = '/apis/kubevirt.io/v1/virtualmachines';
const VMIS = '/apis/kubevirt.io/v1/virtualmachineinstances';
let lab: Lab;
let server: RunningServer;
let browser: Browser;
let muxUrl: string;
let sites: string[];

async function signedIn(): Promise<Browser> {
  const b = new Browser(server.url);
  const link = new URL(server.signInUrl ?? '');
  await b.call('GET', link.pathname + link.search);
  return b;
}

/** The app's own multiplexer, with a socket that carries this test browser's cookie and Origin. */
function muxFor(b: Browser, track: WebSocket[] = []): WatchMux {
  return new WatchMux({
    url: muxUrl,
    idleCloseMs: 60_000,
    createSocket: (url) => {
      const ws = new WebSocket(url, { headers: { cookie: b.cookieHeader() }, origin: b.origin, perMessageDeflate: false });
      track.push(ws);
      return ws as unknown as MuxSocket;
    },
  });
}

function nameOf(e: WatchEvent<KubeObject>): string | undefined {
  return e.type === 'ERROR' ? undefined : e.object.metadata.name;
}

/** Reads batches in the background, so a test can wait for what it expects. */
function collect(batches: AsyncIterable<Batch>) {
  const events: WatchEvent<KubeObject>[] = [];
  const done = (async () => {
    for await (const b of batches) events.push(...b);
  })();
  // Outcome as a value: the tests assert on how each stream ended.
  const ended = done.then(
    () => ({ ok: true as const }),
    (err: unknown) => ({ ok: false as const, err: err as KubeApiError }),
  );
  return { events, ended };
}

/** Creates a stopped VM on `site` through the BFF (as another admin would); returns the status. */
async function createVm(site: string, name: string): Promise<number> {
  const csrf = (await browser.call('GET', '/api/session')).json<{ csrfToken: string }>().csrfToken;
  return (await browser.write('POST', `/k8s/${site}/apis/kubevirt.io/v1/namespaces/default/virtualmachines`, exampleVm(name), csrf)).status;
}

async function listRv(b: Browser, site: string, path: string): Promise<string> {
  return (await b.call('GET', `/k8s/${site}${path}?limit=1`)).json<{ metadata: { resourceVersion: string } }>().metadata.resourceVersion;
}

beforeAll(async () => {
  lab = await startTestLab({ sites: ['central', 'region-east', 'site-factory-01'] });
  sites = siteNames(lab.kubeconfig);
  server = await startBff(lab, { auth: 'local', probe: { probeIntervalMs: 500, probeMaxBackoffMs: 1000, probeTimeoutMs: 4000, failuresToUnreachable: 2 } });
  browser = await signedIn();
  muxUrl = server.url.replace(/^http/, 'ws') + WATCH_MUX_PATH;
});

afterAll(async () => {
  await server?.close();
  await lab?.stop();
});

describe('watch multiplexer: refusals before the handshake', () => {
  it('refuses a cross-origin socket (403) and a signed-out one (401)', async () => {
    const cross = await openSocket(muxUrl, { origin: 'https://evil.example', cookie: browser.cookieHeader() });
    expect(cross.status).toBe(403);
    const out = await openSocket(muxUrl, { origin: browser.origin });
    expect(out.status).toBe(401);
  });
  it('never echoes a subprotocol it does not speak (a client that asks for one is refused by its own side)', async () => {
    await expect(openSocket(muxUrl, { origin: browser.origin, cookie: browser.cookieHeader(), protocols: ['graphql-ws'] })).rejects.toThrow(/no subprotocol/);
    const plain = await openSocket(muxUrl, { origin: browser.origin, cookie: browser.cookieHeader() });
    expect(plain.protocol).toBe('');
    plain.ws?.close();
  });
});

describe('watch multiplexer: one socket, many watches', () => {
  it('carries a watch per site and kind over one websocket, each delivering its own events', async () => {
    const sockets: WebSocket[] = [];
    const mux = muxFor(browser, sockets);
    const ctl = new AbortController();
    const streams = new Map<string, ReturnType<typeof collect>>();
    for (const site of sites) {
      for (const path of [VMS, VMIS]) {
        const rv = await listRv(browser, site, path);
        const batches = await mux.open({ site, path, query: { resourceVersion: rv, allowWatchBookmarks: true }, signal: ctl.signal });
        streams.set(`${site}${path}`, collect(batches));
      }
    }
    expect(sockets).toHaveLength(1);
    expect(mux.size).toBe(sites.length * 2);

    for (const site of sites) expect(await createVm(site, `mux-${site}`)).toBe(201);
    for (const site of sites) {
      const s = streams.get(`${site}${VMS}`);
      await eventually(async () => s?.events.some((e) => e.type === 'ADDED' && nameOf(e) === `mux-${site}`));
      // Each stream has only its own site's objects.
      expect(s?.events.filter((e) => e.type === 'ADDED').map((e) => nameOf(e))).toEqual([`mux-${site}`]);
    }
    ctl.abort();
    for (const s of streams.values()) await expect(s.ended).resolves.toEqual({ ok: true });
    expect(mux.size).toBe(0);
    mux.close();
  });

  it("passes the cluster's refusal for one watch through and keeps the others going", async () => {
    const mux = muxFor(browser);
    const ctl = new AbortController();
    const site = sites[0] ?? '';
    const good = collect(await mux.open({ site, path: VMS, query: { resourceVersion: await listRv(browser, site, VMS) }, signal: ctl.signal }));
    await expect(mux.open({ site: 'no-such-site', path: VMS, query: {}, signal: ctl.signal })).rejects.toMatchObject({ code: 404 });
    await expect(mux.open({ site, path: '/api/v1/namespaces/default/pods/x/exec', query: {}, signal: ctl.signal })).rejects.toMatchObject({ code: 403 });
    await expect(mux.open({ site, path: '/apis/kubevirt.io/v1/namespaces/default/virtualmachines/one', query: {}, signal: ctl.signal })).rejects.toMatchObject({ code: 400 });
    await expect(mux.open({ site, path: VMS, query: { resourceVersion: 'not-a-number', labelSelector: '!!bad' }, signal: ctl.signal })).rejects.toMatchObject({ code: 400 });

    expect(await createVm(site, 'mux-after-refusals')).toBe(201);
    await eventually(async () => good.events.some((e) => nameOf(e) === 'mux-after-refusals'));
    ctl.abort();
    mux.close();
  });

  it('fails only the watches of a site that drops, with the reason, and the socket stays up', async () => {
    const sockets: WebSocket[] = [];
    const mux = muxFor(browser, sockets);
    const ctl = new AbortController();
    const [healthy = '', victim = ''] = [sites[0], sites[sites.length - 1]];
    const up = collect(await mux.open({ site: healthy, path: VMS, query: { resourceVersion: await listRv(browser, healthy, VMS) }, signal: ctl.signal }));
    const down = collect(await mux.open({ site: victim, path: VMS, query: { resourceVersion: await listRv(browser, victim, VMS) }, signal: ctl.signal }));
    await lab.site(victim).setFaults({ partition: true });
    try {
      const outcome = await down.ended;
      expect(outcome.ok).toBe(false);
      expect(outcome.ok ? 0 : outcome.err.code).toBe(502);
      expect(outcome.ok ? '' : outcome.err.message).toContain(victim);
      expect(sockets[0]?.readyState).toBe(WebSocket.OPEN);
      expect(mux.size).toBe(1);
      expect(await createVm(healthy, 'mux-during-partition')).toBe(201);
      await eventually(async () => up.events.some((e) => nameOf(e) === 'mux-during-partition'));
    } finally {
      await lab.site(victim).setFaults({ partition: false });
    }
    ctl.abort();
    mux.close();
  });

  it('ends the watches of a site that freezes (connection up, nothing answered) once its probes give up', async () => {
    const sockets: WebSocket[] = [];
    const mux = muxFor(browser, sockets);
    const ctl = new AbortController();
    const victim = sites[1] ?? '';
    const down = collect(await mux.open({ site: victim, path: VMS, query: { resourceVersion: await listRv(browser, victim, VMS) }, signal: ctl.signal }));
    // Every new request to the site now waits 20 s: the probes (4 s timeout) fail, the open
    // watch's connection stays up.
    await lab.site(victim).setFaults({ latencyMs: 20_000 });
    try {
      const outcome = await down.ended;
      expect(outcome.ok ? 0 : outcome.err.code).toBe(503);
      expect(outcome.ok ? '' : outcome.err.message).toMatch(new RegExp(`site "${victim}" stopped answering`));
      expect(sockets[0]?.readyState).toBe(WebSocket.OPEN);
    } finally {
      await lab.site(victim).setFaults({ latencyMs: 0 });
    }
    ctl.abort();
    mux.close();
  });

  it('fails every watch with a network error when the socket drops, and reconnects on the next watch', async () => {
    const sockets: WebSocket[] = [];
    const mux = muxFor(browser, sockets);
    const ctl = new AbortController();
    const site = sites[0] ?? '';
    const first = collect(await mux.open({ site, path: VMS, query: { resourceVersion: await listRv(browser, site, VMS) }, signal: ctl.signal }));
    sockets[0]?.terminate();
    const outcome = await first.ended;
    expect(outcome.ok ? -1 : outcome.err.code).toBe(0);
    expect(outcome.ok ? '' : outcome.err.message).toMatch(/watch connection to the console server lost/);
    const again = collect(await mux.open({ site, path: VMS, query: { resourceVersion: await listRv(browser, site, VMS) }, signal: ctl.signal }));
    expect(sockets).toHaveLength(2);
    expect(await createVm(site, 'mux-after-drop')).toBe(201);
    await eventually(async () => again.events.some((e) => nameOf(e) === 'mux-after-drop'));
    ctl.abort();
    mux.close();
  });

  it('closes the socket on a malformed message (1008) and on a binary frame (1003)', async () => {
    for (const [payload, code] of [['{"op":"watch"}', 1008], [Buffer.from([1, 2, 3]), 1003]] as const) {
      const r = await openSocket(muxUrl, { origin: browser.origin, cookie: browser.cookieHeader() });
      const closed = new Promise<number>((resolve) => r.ws?.once('close', (c: number) => resolve(c)));
      r.ws?.send(payload);
      expect(await closed).toBe(code);
    }
  });
});

describe('watch multiplexer: identity', () => {
  it("watches as the signed-in user: the cluster's RBAC refuses a viewer's watch on Secrets", async () => {
    const tokenServer = await startBff(lab, { auth: 'token', sessionSecret: 'watch-mux-test-secret-0123456789abcdef' });
    try {
      const b = new Browser(tokenServer.url);
      const signIn = await b.call('POST', '/api/auth/token', { headers: { origin: b.origin, 'content-type': 'application/json' }, body: JSON.stringify({ token: lab.tokens.viewer }) });
      expect(signIn.status).toBe(200);
      const mux = new WatchMux({
        url: tokenServer.url.replace(/^http/, 'ws') + WATCH_MUX_PATH,
        createSocket: (url) => new WebSocket(url, { headers: { cookie: b.cookieHeader() }, origin: b.origin }) as unknown as MuxSocket,
      });
      const ctl = new AbortController();
      const site = sites[0] ?? '';
      const refused = mux.open({ site, path: '/api/v1/secrets', query: {}, signal: ctl.signal });
      await expect(refused).rejects.toMatchObject({ code: 403 });
      await expect(refused).rejects.toThrow(/User "viewer" cannot watch resource "secrets"/);
      const allowed = collect(await mux.open({ site, path: VMS, query: { resourceVersion: await listRv(b, site, VMS) }, signal: ctl.signal }));
      ctl.abort();
      await expect(allowed.ended).resolves.toEqual({ ok: true });
      mux.close();
    } finally {
      await tokenServer.close();
    }
  });
});
