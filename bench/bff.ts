/**
 * BFF benchmark: websocket bridge throughput and added latency against a direct connection to
 * the lab in the same run; a 10,000-VM list through the console against `kubectl proxy` and
 * direct, with and without gzip; memory with 50
 * open consoles; watch events through the watch multiplexer against a direct watch. Prints JSON
 * when run directly (`npx tsx --expose-gc bench/bff.ts`).
 */
import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse } from 'yaml';
import { startLabProcess, type LabProcess } from '../e2e/fixtures/lab-process';
import { startServer, type RunningServer } from '../server/start-server';
import { Browser } from '../tests/support/http-client';
import { exampleVm, eventually } from '../tests/support/bff-env';
import { benchWatchMux } from './watch-mux';
import { openSocket, type OpenResult } from '../tests/support/ws-client';

const execFileAsync = promisify(execFile);
const SITE = 'central';
const SCALE = Number(process.env.BFF_BENCH_VMS ?? 10_000);
const CONSOLES = 50;
const ECHOES = 300;
const FRAMES = 40;
const LISTS = 5;

interface Env {
  lab: LabProcess;
  server: RunningServer;
  browser: Browser;
  csrf: string;
  labUrl: string;
  ca: string;
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
};
const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;

async function setup(): Promise<Env> {
  // The lab runs in its own process, as a real cluster would: the BFF and the measuring client
  // then do not share an event loop with the API server and its guests.
  const lab = await startLabProcess({
    sites: [SITE],
    args: ['--time-scale', '0.05', '--scale', String(SCALE)],
    env: { EDGEVIRT_QEMU_CAP: process.env.EDGEVIRT_QEMU_CAP ?? '0' },
  });
  const kc = parse(lab.kubeconfig) as { clusters: { cluster: { server: string; 'certificate-authority-data': string } }[] };
  const cluster = kc.clusters[0]?.cluster;
  if (!cluster) throw new Error('lab kubeconfig has no cluster');
  const server = await startServer({ port: 0, next: false, lab: false, kubeconfigYaml: lab.kubeconfig, auth: 'local', limits: { maxConsolesPerUser: CONSOLES + 10 } });
  const browser = new Browser(server.url);
  const link = new URL(server.signInUrl ?? '');
  await browser.call('GET', link.pathname + link.search);
  const csrf = (await browser.call('GET', '/api/session')).json<{ csrfToken: string }>().csrfToken;
  return { lab, server, browser, csrf, labUrl: cluster.server, ca: Buffer.from(cluster['certificate-authority-data'], 'base64').toString() };
}

async function startVms(env: Env, names: string[]): Promise<void> {
  for (const n of names) {
    const r = await env.browser.write('POST', `/k8s/${SITE}/apis/kubevirt.io/v1/namespaces/default/virtualmachines`, exampleVm(n, 'Always'), env.csrf);
    if (r.status !== 201) throw new Error(`creating ${n}: ${r.status} ${r.text}`);
  }
  await eventually(async () => {
    const r = await env.browser.call('GET', `/k8s/${SITE}/apis/kubevirt.io/v1/namespaces/default/virtualmachineinstances`);
    const running = r.json<{ items: { metadata: { name: string }; status?: { phase?: string } }[] }>().items.filter((i) => i.status?.phase === 'Running').map((i) => i.metadata.name);
    return names.every((n) => running.includes(n));
  }, 180_000, 500);
}

const vmiPath = (name: string, kind: 'vnc' | 'console') => `/apis/subresources.kubevirt.io/v1/namespaces/default/virtualmachineinstances/${name}/${kind}`;

function openDirect(env: Env, name: string, kind: 'vnc' | 'console'): Promise<OpenResult> {
  return openSocket(env.labUrl.replace(/^https/, 'wss') + vmiPath(name, kind), { protocols: ['plain.kubevirt.io'], headers: { authorization: `Bearer ${env.lab.adminToken}` }, ca: env.ca });
}

function openBridged(env: Env, name: string, kind: 'vnc' | 'console'): Promise<OpenResult> {
  return openSocket(env.server.url.replace(/^http/, 'ws') + `/k8s/${SITE}${vmiPath(name, kind)}`, { protocols: ['plain.kubevirt.io'], origin: env.browser.origin, cookie: env.browser.cookieHeader() });
}

/** Serial keystroke round trips: one byte out, its echo back. */
async function echoLatency(open: () => Promise<OpenResult>): Promise<number[]> {
  const r = await open();
  const ws = r.ws!;
  const s = r.stream!;
  // The guest's serial line may attach a moment after the socket opens: press Enter until the prompt shows.
  const nudge = setInterval(() => ws.send(Buffer.from('\r')), 300);
  try {
    ws.send(Buffer.from('\r'));
    await s.until('# ');
  } finally {
    clearInterval(nudge);
  }
  await new Promise((r) => setTimeout(r, 200));
  const times: number[] = [];
  for (let i = 0; i < ECHOES; i++) {
    const ch = String.fromCharCode(97 + (i % 26));
    const echoed = new Promise((resolve) => ws.once('message', resolve));
    const t0 = performance.now();
    ws.send(Buffer.from(ch));
    await echoed;
    times.push(performance.now() - t0);
  }
  ws.send(Buffer.from('\x15')); // clear the typed line
  ws.close();
  return times;
}

/** Sequential full-screen VNC updates (Raw): bytes per second. */
async function vncThroughput(open: () => Promise<OpenResult>): Promise<{ mbPerSec: number; framesPerSec: number }> {
  const r = await open();
  const ws = r.ws!;
  const rfb = r.rfb!;
  await rfb.handshake();
  rfb.decode = false;
  const t0 = performance.now();
  for (let i = 0; i < FRAMES; i++) {
    rfb.requestUpdate(false);
    await rfb.readUpdate(60_000);
  }
  const bytes = rfb.pixelBytes;
  const secs = (performance.now() - t0) / 1000;
  ws.close();
  return { mbPerSec: round(bytes / secs / 1048576), framesPerSec: round(FRAMES / secs) };
}

/**
 * GET with curl, a separate process, so the timing does not include this process's own event
 * loop (which also runs the BFF): `time_total` in ms and the bytes on the wire. `gzip` asks for
 * a compressed answer (`--compressed`), as a browser does.
 */
async function curlGet(url: string, headers: Record<string, string>, opts: { caFile?: string; gzip?: boolean } = {}): Promise<{ ms: number; bytes: number }> {
  const args = ['-s', '-o', '/dev/null', '-w', '%{http_code} %{time_total} %{size_download}', '-H', 'Accept: application/json'];
  for (const [k, v] of Object.entries(headers)) args.push('-H', `${k}: ${v}`);
  if (opts.caFile) args.push('--cacert', opts.caFile);
  if (opts.gzip) args.push('--compressed');
  // Asynchronous: this process serves the proxied request while curl waits for it.
  const out = (await execFileAsync('curl', [...args, url], { encoding: 'utf8' })).stdout.trim().split(' ');
  if (out[0] !== '200') throw new Error(`GET ${url}: HTTP ${out[0]}`);
  return { ms: Number(out[1]) * 1000, bytes: Number(out[2]) };
}

/** `kubectl proxy` on a free port in front of the lab site: what an admin would use instead. */
async function kubectlProxy(kubeconfigPath: string): Promise<{ url: string; stop(): void }> {
  const child = spawn('kubectl', ['proxy', '--port=0', '--kubeconfig', kubeconfigPath, '--context', SITE], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /Starting to serve on ([\d.]+:\d+)/.exec(out);
      if (m) resolve(`http://${m[1]}`);
    });
    child.once('exit', (code) => reject(new Error(`kubectl proxy exited with ${code}: ${out}`)));
  });
  return { url, stop: () => child.kill() };
}

/**
 * The 10,000-VM list three ways in one run, each by curl: straight to the site, through
 * `kubectl proxy`, through the console; uncompressed and with gzip asked for.
 */
async function listBench(env: Env): Promise<Record<string, unknown>> {
  const path = '/apis/kubevirt.io/v1/namespaces/bench/virtualmachines';
  const caFile = join(mkdtempSync(join(tmpdir(), 'bff-bench-ca-')), 'ca.pem');
  writeFileSync(caFile, env.ca);
  const proxy = await kubectlProxy(env.lab.kubeconfigPath);
  try {
    const result: Record<string, unknown> = { vms: SCALE };
    for (const gzip of [false, true]) {
      const times = { direct: [] as number[], kubectlProxy: [] as number[], console: [] as number[] };
      const bytes = { direct: 0, kubectlProxy: 0, console: 0 };
      for (let i = 0; i < LISTS; i++) {
        const d = await curlGet(env.labUrl + path, { Authorization: `Bearer ${env.lab.adminToken}` }, { caFile, gzip });
        const k = await curlGet(proxy.url + path, {}, { gzip });
        const c = await curlGet(`${env.server.url}/k8s/${SITE}${path}`, { Cookie: env.browser.cookieHeader() }, { gzip });
        times.direct.push(d.ms);
        times.kubectlProxy.push(k.ms);
        times.console.push(c.ms);
        Object.assign(bytes, { direct: d.bytes, kubectlProxy: k.bytes, console: c.bytes });
      }
      const p50 = (xs: number[]) => round(pct(xs, 50));
      result[gzip ? 'gzip' : 'identity'] = {
        wireMB: { direct: round(bytes.direct / 1048576), kubectlProxy: round(bytes.kubectlProxy / 1048576), console: round(bytes.console / 1048576) },
        msP50: { direct: p50(times.direct), kubectlProxy: p50(times.kubectlProxy), console: p50(times.console) },
        consoleVsKubectlProxy: round(pct(times.console, 50) / pct(times.kubectlProxy, 50)),
        consoleVsDirect: round(pct(times.console, 50) / pct(times.direct, 50)),
        goalConsoleVsKubectlProxy: 1.1,
      };
    }
    return result;
  } finally {
    proxy.stop();
  }
}

function memory(): { rssMB: number; heapMB: number; arrayBuffersMB: number } {
  (globalThis as { gc?: () => void }).gc?.();
  const m = process.memoryUsage();
  return { rssMB: round(m.rss / 1048576, 1), heapMB: round(m.heapUsed / 1048576, 1), arrayBuffersMB: round(m.arrayBuffers / 1048576, 1) };
}

/** Opens 50 consoles (VNC + serial on 25 VMs) direct, then bridged; the difference is the BFF's share. */
async function consoleMemory(env: Env, vms: string[]): Promise<Record<string, unknown>> {
  const openAll = async (open: (n: string, k: 'vnc' | 'console') => Promise<OpenResult>) => {
    const sockets: OpenResult[] = [];
    for (const n of vms) for (const k of ['vnc', 'console'] as const) sockets.push(await open(n, k));
    await new Promise((r) => setTimeout(r, 1000));
    return sockets;
  };
  const closeAll = async (sockets: OpenResult[]) => {
    for (const s of sockets) s.ws?.close();
    await new Promise((r) => setTimeout(r, 1500));
  };
  const base = memory();
  const direct = await openAll((n, k) => openDirect(env, n, k));
  const withDirect = memory();
  await closeAll(direct);
  const base2 = memory();
  const bridged = await openAll((n, k) => openBridged(env, n, k));
  const withBridged = memory();
  const open = env.server.bridges().length;
  await closeAll(bridged);
  const directHeap = withDirect.heapMB - base.heapMB;
  const bridgedHeap = withBridged.heapMB - base2.heapMB;
  return {
    consoles: direct.length,
    bridgesOpen: open,
    directDelta: { heapMB: round(directHeap, 1), rssMB: round(withDirect.rssMB - base.rssMB, 1) },
    bridgedDelta: { heapMB: round(bridgedHeap, 1), rssMB: round(withBridged.rssMB - base2.rssMB, 1) },
    bffHeapPerConsoleKB: round(((bridgedHeap - directHeap) * 1024) / direct.length, 1),
    /** This process holds the BFF and the measuring client only; the lab runs in its own. */
    processAfter: withBridged,
  };
}

const progress = (what: string) => process.stderr.write(`bench/bff: ${what}\n`);

/** Runs every BFF measurement and returns the figures. */
export async function benchBff(): Promise<Record<string, unknown>> {
  const env = await setup();
  try {
    const list = await listBench(env);
    progress('list done');
    const vms = Array.from({ length: CONSOLES / 2 }, (_, i) => `bench-console-${i}`);
    await startVms(env, vms);
    progress('vms running');
    const vm = vms[0] ?? '';
    const directEcho = await echoLatency(() => openDirect(env, vm, 'console'));
    const bridgedEcho = await echoLatency(() => openBridged(env, vm, 'console'));
    const directVnc = await vncThroughput(() => openDirect(env, vm, 'vnc'));
    const bridgedVnc = await vncThroughput(() => openBridged(env, vm, 'vnc'));
    progress('echo and vnc done');
    const watchMux = await benchWatchMux({ serverUrl: env.server.url, browser: env.browser, csrf: env.csrf, labUrl: env.labUrl, adminToken: env.lab.adminToken, ca: env.ca, site: SITE }, vm);
    progress('watch multiplexer done');
    const mem = await consoleMemory(env, vms);
    return {
      bench: 'bff',
      list10k: list,
      serialEchoMs: {
        samples: ECHOES,
        direct: { p50: round(pct(directEcho, 50)), p99: round(pct(directEcho, 99)) },
        bridged: { p50: round(pct(bridgedEcho, 50)), p99: round(pct(bridgedEcho, 99)) },
        addedP50: round(pct(bridgedEcho, 50) - pct(directEcho, 50)),
        addedP99: round(pct(bridgedEcho, 99) - pct(directEcho, 99)),
        ratioP50: round(pct(bridgedEcho, 50) / pct(directEcho, 50)),
      },
      vncThroughput: { frames: FRAMES, direct: directVnc, bridged: bridgedVnc, ratio: round(bridgedVnc.mbPerSec / directVnc.mbPerSec) },
      consoles50: mem,
      watchMux,
    };
  } finally {
    await env.server.close();
    await env.lab.stop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  benchBff().then(
    (r) => {
      console.log(JSON.stringify(r, null, 2));
      process.exit(0);
    },
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
