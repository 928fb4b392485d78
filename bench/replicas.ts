/**
 * Replicas benchmark, one run: the lab in its own process, two console replicas in their own
 * processes (bench/replica-child.ts, one session secret) and Debian's nginx round-robin in front
 * of both. Measured against one replica directly and against the two behind nginx:
 * - list: a VM list through the console's pass-through (requests/s at 8 in flight, p50/p99);
 * - fleet: the NOC's fleet summary, served from the console's cache (first SSE frame);
 * - watch fan-out: 50 multiplexer sockets watch VMs while VMs are created; every client must
 *   see every ADDED event (events delivered/s, p99 create→delivery);
 * and the resident memory a replica adds per 100 open watches (100 sockets, one watch each).
 * Prints JSON (`npx tsx bench/replicas.ts`, or `npm run bench -- replicas`).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { FLEET_STREAM_PATH } from '../lib/api/fleet';
import { SESSION_API } from '../lib/api/session';
import { WATCH_MUX_PATH } from '../lib/api/watch-mux';
import { startLabProcess } from '../e2e/fixtures/lab-process';
import { Browser } from '../tests/support/http-client';
import { eventually, exampleVm } from '../tests/support/bff-env';

const root = fileURLToPath(new URL('..', import.meta.url));
const NGINX = process.env.NGINX ?? '/usr/sbin/nginx';
const SECRET = 'bench-replicas-session-secret-0123456789abcdef';
const SITE = 'central';
const LIST = `/k8s/${SITE}/apis/kubevirt.io/v1/namespaces/default/virtualmachines`;
const LISTS = 400;
const IN_FLIGHT = 8;
const FANOUT = 50;
const CREATES = 20;
const dir = mkdtempSync(join(tmpdir(), 'edgevirt-bench-replicas-'));

const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] ?? NaN;
const round = (x: number) => Math.round(x * 100) / 100;

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

function startReplica(kubeconfig: string): Promise<{ url: string; proc: ChildProcess }> {
  // `--import tsx` (not tsx's CLI, which runs a second process): the pid is the replica's own.
  const proc = spawn(process.execPath, ['--import', 'tsx', join(root, 'bench/replica-child.ts')], {
    cwd: root,
    env: { ...process.env, KUBECONFIG: kubeconfig, EDGEVIRT_SESSION_SECRET: SECRET },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    proc.stdout?.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /\{"url":"[^"]+"\}/.exec(out);
      if (m) resolve({ url: (JSON.parse(m[0]) as { url: string }).url, proc });
    });
    proc.once('exit', (code) => reject(new Error(`replica exited ${code}`)));
  });
}

function rssBytes(pid: number): number {
  const line =
    readFileSync(`/proc/${pid}/status`, 'utf8')
      .split('\n')
      .find((l) => l.startsWith('VmRSS:')) ?? '';
  return Number(/(\d+)/.exec(line)?.[1] ?? NaN) * 1024;
}

function nginxConf(port: number, upstreams: string[]): string {
  const servers = upstreams.map((u) => `server ${u};`).join(' ');
  return `daemon off; worker_processes 1; pid ${dir}/nginx.pid; error_log ${dir}/error.log warn;
events { worker_connections 1024; }
http {
  access_log off; client_body_temp_path ${dir}/tmp; proxy_temp_path ${dir}/tmp;
  fastcgi_temp_path ${dir}/tmp; uwsgi_temp_path ${dir}/tmp; scgi_temp_path ${dir}/tmp;
  map $http_upgrade $connection_upgrade { default upgrade; '' ''; }
  upstream console { ${servers} keepalive 16; }
  server {
    listen 127.0.0.1:${port};
    location / { proxy_pass http://console; proxy_http_version 1.1; proxy_set_header Host $http_host;
      proxy_set_header Upgrade $http_upgrade; proxy_set_header Connection $connection_upgrade;
      proxy_read_timeout 3600s; proxy_buffering off; }
  }
}
`;
}

async function signIn(base: string, token: string): Promise<{ browser: Browser; csrf: string }> {
  const browser = new Browser(base);
  const r = await browser.call('POST', SESSION_API.tokenSignIn, {
    headers: { origin: browser.origin, 'content-type': 'application/json' },
    body: JSON.stringify({ token }),
  });
  if (r.status !== 200) throw new Error(`sign-in: ${r.status} ${r.text}`);
  const csrf = (await browser.call('GET', SESSION_API.session)).json<{ csrfToken: string }>().csrfToken;
  return { browser, csrf };
}

async function benchList(browser: Browser) {
  const times: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (next < LISTS) {
        next++;
        const t = performance.now();
        const r = await browser.call('GET', LIST);
        if (r.status !== 200) throw new Error(`list: ${r.status}`);
        times.push(performance.now() - t);
      }
    }),
  );
  const s = (performance.now() - started) / 1000;
  return {
    requests: LISTS,
    inFlight: IN_FLIGHT,
    requestsPerSecond: round(LISTS / s),
    p50Ms: round(pct(times, 50)),
    p99Ms: round(pct(times, 99)),
  };
}

/** Time to the first frame of the fleet stream (the console's cached summaries), 50 times. */
async function benchFleet(browser: Browser) {
  const times: number[] = [];
  for (let i = 0; i < 50; i++) {
    const t = performance.now();
    const ctl = new AbortController();
    const res = await fetch(`${browser.base}${FLEET_STREAM_PATH}`, {
      headers: { cookie: browser.cookieHeader() },
      signal: ctl.signal,
    });
    const reader = res.body?.getReader();
    let text = '';
    while (!text.includes('\n\n')) {
      const chunk = await reader?.read();
      if (!chunk || chunk.done) break;
      text += Buffer.from(chunk.value).toString();
    }
    times.push(performance.now() - t);
    ctl.abort();
  }
  return { streams: times.length, p50Ms: round(pct(times, 50)), p99Ms: round(pct(times, 99)) };
}

/** `n` multiplexer sockets, each with one VM watch; resolves once every watch is open. */
async function openWatches(
  browser: Browser,
  n: number,
  onAdded: (name: string) => void,
): Promise<WebSocket[]> {
  return Promise.all(
    Array.from({ length: n }, async () => {
      const ws = new WebSocket(browser.base.replace(/^http/, 'ws') + WATCH_MUX_PATH, {
        headers: { cookie: browser.cookieHeader() },
        origin: browser.origin,
        perMessageDeflate: false,
      });
      let opened = false;
      ws.on('message', (d: Buffer) => {
        const text = d.toString();
        if (text.includes('"open"')) opened = true;
        for (const m of text.matchAll(/\\?"type\\?":\\?"ADDED\\?".*?\\?"name\\?":\\?"(fan-[^"\\]+)/g))
          onAdded(m[1] ?? '');
      });
      await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
      ws.send(
        JSON.stringify({
          op: 'watch',
          id: 1,
          site: SITE,
          path: '/apis/kubevirt.io/v1/virtualmachines',
          query: { resourceVersion: '0' },
        }),
      );
      await eventually(async () => opened, 30_000, 20);
      return ws;
    }),
  );
}

async function benchFanout(browser: Browser, csrf: string, tag: string) {
  const createdAt = new Map<string, number>();
  const latencies: number[] = [];
  const seen = new Map<string, number>();
  const sockets = await openWatches(browser, FANOUT, (name) => {
    const t = createdAt.get(name);
    if (t === undefined) return;
    seen.set(name, (seen.get(name) ?? 0) + 1);
    latencies.push(performance.now() - t);
  });
  const started = performance.now();
  for (let i = 0; i < CREATES; i++) {
    const name = `fan-${tag}-${i}`;
    createdAt.set(name, performance.now());
    const r = await browser.write('POST', `${LIST}`, exampleVm(name), csrf);
    if (r.status !== 201) throw new Error(`create: ${r.status} ${r.text}`);
  }
  await eventually(async () => latencies.length >= FANOUT * CREATES, 60_000, 20);
  const s = (performance.now() - started) / 1000;
  for (const ws of sockets) ws.close();
  return {
    watchers: FANOUT,
    creates: CREATES,
    eventsDelivered: latencies.length,
    eventsPerSecond: round(latencies.length / s),
    p50Ms: round(pct(latencies, 50)),
    p99Ms: round(pct(latencies, 99)),
  };
}

async function main() {
  const lab = await startLabProcess({
    sites: [SITE],
    args: ['--time-scale', '0.05'],
    env: { EDGEVIRT_QEMU_CAP: '0' },
  });
  const kubeconfig = join(dir, 'kubeconfig');
  writeFileSync(kubeconfig, lab.kubeconfig, { mode: 0o600 });
  const replicas = [await startReplica(kubeconfig), await startReplica(kubeconfig)];
  const port = await freePort();
  mkdirSync(join(dir, 'tmp'));
  writeFileSync(
    join(dir, 'nginx.conf'),
    nginxConf(
      port,
      replicas.map((r) => new URL(r.url).host),
    ),
  );
  const nginx = spawn(NGINX, ['-c', join(dir, 'nginx.conf'), '-p', dir], { stdio: 'ignore' });
  const proxy = `http://127.0.0.1:${port}`;
  try {
    await eventually(async () => (await fetch(`${proxy}/healthz`).catch(() => undefined))?.ok, 20_000);
    const one = await signIn(replicas[0]?.url ?? '', lab.adminToken);
    const two = await signIn(proxy, lab.adminToken);
    // Warm both paths (TLS sessions to the lab, JIT) before measuring.
    await benchList(one.browser);
    await benchList(two.browser);
    await benchFanout(one.browser, one.csrf, 'warm');
    const result = {
      oneReplica: {
        list: await benchList(one.browser),
        fleet: await benchFleet(one.browser),
        watchFanout: await benchFanout(one.browser, one.csrf, 'one'),
      },
      twoReplicasBehindNginx: {
        list: await benchList(two.browser),
        fleet: await benchFleet(two.browser),
        watchFanout: await benchFanout(two.browser, two.csrf, 'two'),
      },
      memoryPer100Watches: await benchMemory(
        replicas[1]?.proc.pid ?? 0,
        replicas[1]?.url ?? '',
        lab.adminToken,
      ),
    };
    console.log(JSON.stringify(result, null, 2));
  } finally {
    nginx.kill('SIGTERM');
    for (const r of replicas) r.proc.kill('SIGTERM');
    await lab.stop();
  }
}

/** Resident memory of one replica before and after 100 more open watches (settled, twice). */
async function benchMemory(pid: number, url: string, token: string) {
  const { browser } = await signIn(url, token);
  const settle = () => new Promise((r) => setTimeout(r, 2_000));
  await settle();
  const before = rssBytes(pid);
  const sockets = await openWatches(browser, 100, () => undefined);
  await settle();
  const after = rssBytes(pid);
  for (const ws of sockets) ws.close();
  return {
    watches: 100,
    rssBeforeMiB: round(before / 2 ** 20),
    rssAfterMiB: round(after / 2 ** 20),
    addedMiB: round((after - before) / 2 ** 20),
  };
}

await main();
