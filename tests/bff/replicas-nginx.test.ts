/**
 * Two console replicas with one session secret behind Debian's nginx on loopback, round-robin,
 * websockets proxied, as deploy/base/ingress.yaml sets up ingress-nginx: a session made on one
 * replica works on the other, a VM's VNC console opens through either (RFB handshake, a full
 * frame), the watch multiplexer and the NOC's fleet stream work whichever
 * replica answers, resumable uploads are pinned to one replica by the session cookie (the
 * documented choice: staged files stay where they started), and stopping the replica that
 * holds the live watch loses nothing but a reconnect.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { FLEET_STREAM_PATH } from '@/lib/api/fleet';
import { SESSION_API } from '@/lib/api/session';
import { UPLOADS_TUS_PATH } from '@/lib/api/uploads';
import { WATCH_MUX_PATH } from '@/lib/api/watch-mux';
import { WatchMux, type MuxSocket } from '@/lib/k8s/watch-mux';
import type { FetchLike } from '@/lib/k8s/client';
import { VM_GVR } from '@/lib/k8s/resources/virtual-machine';
import type { KubeObject } from '@/lib/k8s/types';
import { ResourceWatcher, type WatchSnapshot } from '@/lib/k8s/watch';
import type { RunningServer } from '@/server/start-server';
import { Browser } from '../support/http-client';
import { eventually, exampleVm, startBff, startTestLab, type Lab } from '../support/bff-env';
import { openFleetStream } from '../support/sse-client';
import { openSocket } from '../support/ws-client';
import { freePort } from '../support/free-port';

const NGINX = process.env.NGINX ?? '/usr/sbin/nginx';
const SECRET = 'two-replicas-session-secret-0123456789abcdef';
const dir = mkdtempSync(join(tmpdir(), 'edgevirt-nginx-'));

let lab: Lab;
const replicas: RunningServer[] = [];
let nginx: ChildProcess | undefined;
let proxy = '';
let browser: Browser;
let csrf = '';


function nginxConf(port: number, upstreams: string[]): string {
  const servers = upstreams.map((u) => `server ${u} max_fails=1 fail_timeout=30s;`).join(' ');
  const common = `proxy_http_version 1.1; proxy_set_header Host $http_host;
      proxy_set_header Upgrade $http_upgrade; proxy_set_header Connection $connection_upgrade;
      proxy_read_timeout 3600s; proxy_send_timeout 3600s; proxy_buffering off; proxy_request_buffering off;
      add_header X-Upstream $upstream_addr always;`;
  return `daemon off; worker_processes 1; pid ${dir}/nginx.pid; error_log ${dir}/error.log warn;
events { worker_connections 256; }
http {
  access_log off; client_body_temp_path ${dir}/tmp; proxy_temp_path ${dir}/tmp;
  fastcgi_temp_path ${dir}/tmp; uwsgi_temp_path ${dir}/tmp; scgi_temp_path ${dir}/tmp;
  client_max_body_size 0;
  map $http_upgrade $connection_upgrade { default upgrade; '' ''; }
  upstream console { ${servers} }
  upstream pinned { hash $cookie_edgevirt_session consistent; ${servers} }
  server {
    listen 127.0.0.1:${port};
    location / { proxy_pass http://console; ${common} }
    location /api/uploads/ { proxy_pass http://pinned; ${common} }
  }
}
`;
}

beforeAll(async () => {
  lab = await startTestLab({ sites: ['central'] });
  const revocations = join(dir, 'revocations.json');
  for (let i = 0; i < 2; i++)
    replicas.push(
      await startBff(lab, {
        auth: 'token',
        sessionSecret: SECRET,
        revocationsFile: revocations,
        uploads: { dir: join(dir, `uploads-${i}`) },
      }),
    );
  const port = await freePort();
  proxy = `http://127.0.0.1:${port}`;
  mkdirSync(join(dir, 'tmp'));
  chmodSync(dir, 0o755);
  chmodSync(join(dir, 'tmp'), 0o777);
  writeFileSync(
    join(dir, 'nginx.conf'),
    nginxConf(
      port,
      replicas.map((r) => new URL(r.url).host),
    ),
  );
  nginx = spawn(NGINX, ['-c', join(dir, 'nginx.conf'), '-p', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
  await eventually(async () => (await fetch(`${proxy}/healthz`).catch(() => undefined))?.ok, 20_000);
  browser = new Browser(proxy);
  const signIn = await browser.call('POST', SESSION_API.tokenSignIn, {
    headers: { origin: proxy, 'content-type': 'application/json' },
    body: JSON.stringify({ token: lab.tokens.admin }),
  });
  expect(signIn.status, signIn.text).toBe(200);
  csrf = (await browser.call('GET', SESSION_API.session)).json<{ csrfToken: string }>().csrfToken;
}, 90_000);

afterAll(async () => {
  nginx?.kill('SIGTERM');
  for (const r of replicas) await r.close().catch(() => undefined);
  await lab?.stop();
});

/** The replica (host:port) nginx sent a response to. */
const upstreamOf = (headers: Record<string, unknown>) => String(headers['x-upstream'] ?? '');

/** The replica each multiplexer socket was proxied to (nginx names it on the 101 answer). */
const upstreams = new Map<WebSocket, string>();

function mux(track: WebSocket[]): WatchMux {
  return new WatchMux({
    url: proxy.replace(/^http/, 'ws') + WATCH_MUX_PATH,
    idleCloseMs: 60_000,
    createSocket: (url) => {
      const ws = new WebSocket(url, { headers: { cookie: browser.cookieHeader() }, origin: proxy });
      track.push(ws);
      ws.once('upgrade', (res) => upstreams.set(ws, upstreamOf(res.headers)));
      return ws as unknown as MuxSocket;
    },
  });
}

async function createVm(name: string): Promise<void> {
  const r = await browser.write(
    'POST',
    `/k8s/central/apis/kubevirt.io/v1/namespaces/default/virtualmachines`,
    exampleVm(name),
    csrf,
  );
  expect(r.status, r.text).toBe(201);
}

describe('two replicas behind nginx', () => {
  it('serves one session from both replicas, round-robin', async () => {
    const seen = new Set<string>();
    for (let i = 0; i < 6; i++) {
      const r = await browser.call('GET', SESSION_API.session);
      expect(r.status).toBe(200);
      expect(r.json<{ authenticated: boolean }>().authenticated).toBe(true);
      seen.add(upstreamOf(r.headers));
    }
    expect([...seen].sort()).toEqual(replicas.map((r) => new URL(r.url).host).sort());
  });

  it("streams the NOC's fleet summary through either replica", async () => {
    for (let i = 0; i < 2; i++) {
      const s = await openFleetStream(`${proxy}${FLEET_STREAM_PATH}`, { cookie: browser.cookieHeader() });
      expect(s.status).toBe(200);
      await eventually(async () => s.sites.has('central'));
      s.close();
    }
  });

  it('pins a resumable upload to one replica: every chunk and HEAD finds the same staged file', async () => {
    const b64 = (s: string) => Buffer.from(s).toString('base64');
    const dv = {
      apiVersion: 'cdi.kubevirt.io/v1beta1',
      kind: 'DataVolume',
      metadata: { name: 'pinned-dv', namespace: 'default' },
      spec: { source: { upload: {} }, storage: { resources: { requests: { storage: '1Gi' } } } },
    };
    expect(
      (
        await browser.write(
          'POST',
          '/k8s/central/apis/cdi.kubevirt.io/v1beta1/namespaces/default/datavolumes',
          dv,
          csrf,
        )
      ).status,
    ).toBe(201);
    const tus = { origin: proxy, 'x-csrf-token': csrf, 'tus-resumable': '1.0.0' };
    const created = await browser.call('POST', UPLOADS_TUS_PATH, {
      headers: {
        ...tus,
        'upload-length': '8',
        'upload-metadata': `site ${b64('central')},namespace ${b64('default')},name ${b64('pinned-dv')},filename ${b64('p.img')}`,
      },
    });
    expect(created.status, created.text).toBe(201);
    const location = new URL(String(created.headers.location), proxy).pathname;
    const pinnedTo = upstreamOf(created.headers);
    for (let offset = 0; offset < 8; offset += 4) {
      const r = await browser.call('PATCH', location, {
        headers: {
          ...tus,
          'upload-offset': String(offset),
          'content-type': 'application/offset+octet-stream',
        },
        body: Buffer.from('abcdefgh'.slice(offset, offset + 4)),
      });
      expect(r.status, r.text).toBe(204);
      expect(upstreamOf(r.headers)).toBe(pinnedTo);
    }
    for (let i = 0; i < 4; i++) {
      const head = await browser.call('HEAD', location, { headers: { 'tus-resumable': '1.0.0' } });
      expect(head.headers['upload-offset']).toBe('8');
      expect(upstreamOf(head.headers)).toBe(pinnedTo);
    }
  });

  it('opens a VM\'s VNC console through nginx on either replica: RFB handshake and a full frame', async () => {
    const name = 'vnc-through-nginx';
    const created = await browser.write(
      'POST',
      '/k8s/central/apis/kubevirt.io/v1/namespaces/default/virtualmachines',
      exampleVm(name, 'Always'),
      csrf,
    );
    expect(created.status, created.text).toBe(201);
    await eventually(async () => {
      const r = await browser.call('GET', `/k8s/central/apis/kubevirt.io/v1/namespaces/default/virtualmachineinstances/${name}`);
      return r.status === 200 && r.json<{ status?: { phase?: string } }>().status?.phase === 'Running';
    }, 60_000);
    const url = `${proxy.replace(/^http/, 'ws')}/k8s/central/apis/subresources.kubevirt.io/v1/namespaces/default/virtualmachineinstances/${name}/vnc`;
    const served = new Set<string>();
    for (let i = 0; i < 4 && served.size < 2; i++) {
      const r = await openSocket(url, { origin: proxy, cookie: browser.cookieHeader() });
      expect(r.status, r.body).toBeUndefined();
      served.add(String(r.upgradeHeaders?.['x-upstream'] ?? ''));
      const init = await r.rfb!.handshake();
      expect(init.width).toBeGreaterThan(0);
      r.rfb!.requestUpdate(false);
      const rects = await r.rfb!.readUpdate();
      expect(rects.reduce((a, x) => a + x.w * x.h, 0)).toBe(init.width * init.height);
      r.ws!.close();
    }
    expect([...served].sort()).toEqual(replicas.map((r) => new URL(r.url).host).sort());
  }, 120_000);

  it('keeps live list updates when the replica holding the watch stops: one reconnect, no lost event', async () => {
    // Driven as the VM list page drives it: a ResourceWatcher on the page's multiplexer. A dropped
    // socket fails the watch; the watcher backs off, re-opens it from its last resourceVersion
    // (410 Gone would re-list) and the multiplexer opens a new socket through nginx.
    const sockets: WebSocket[] = [];
    const m = mux(sockets);
    const snapshots: WatchSnapshot<KubeObject>[] = [];
    const fetchImpl: FetchLike = (input, init) =>
      fetch(new URL(input, proxy), {
        ...init,
        headers: { ...init?.headers, cookie: browser.cookieHeader() },
      });
    const watcher = new ResourceWatcher<KubeObject>({
      site: 'central',
      gvr: VM_GVR,
      opener: m.open,
      fetchImpl,
      backoff: { initialMs: 200, maxMs: 1_000 },
      onChange: (s) => snapshots.push(s),
    });
    const has = (name: string) => [...watcher.snapshot.items.values()].some((o) => o.metadata.name === name);
    watcher.start();
    await createVm('before-failover');
    await eventually(async () => watcher.snapshot.connection === 'live' && has('before-failover'));
    // Stop the replica this socket went to (the proxy's answer on the upgrade names it).
    const first = sockets[0];
    expect(first).toBeDefined();
    const host = upstreams.get(first as WebSocket);
    expect(host).toBeTruthy();
    const victim = replicas.find((r) => new URL(r.url).host === host);
    const closed = new Promise((r) => first?.once('close', r));
    expect(victim).toBeDefined();
    await victim?.close();
    await closed;
    await createVm('after-failover');
    await eventually(async () => watcher.snapshot.connection === 'live' && has('after-failover'), 30_000);
    expect(has('before-failover')).toBe(true);
    // The user saw a reconnect, nothing else: the list never emptied while it was down.
    expect(snapshots.some((s) => s.connection === 'reconnecting')).toBe(true);
    expect(snapshots.filter((s) => s.listed).every((s) => s.items.size > 0)).toBe(true);
    expect(sockets.length).toBeGreaterThan(1);
    const survivor = replicas.find((r) => r !== victim);
    // nginx names every upstream it tried ("dead:port, alive:port" when proxy_next_upstream moved
    // on after the refused connect); the one that answered is the last.
    const tried = (upstreams.get(sockets[sockets.length - 1] as WebSocket) ?? '').split(', ');
    expect(tried[tried.length - 1]).toBe(new URL(survivor?.url ?? '').host);
    const still = await browser.call('GET', SESSION_API.session);
    expect(still.json<{ authenticated: boolean }>().authenticated).toBe(true);
    watcher.stop();
    m.close();
  }, 60_000);
});
