/**
 * NOC soak: 20 wall screens (Chromium, one context each, one display link) on a console whose
 * lab produces a steady stream of VM status changes (admin `/churn`, 100 per second by default)
 * for a while (15 minutes by default). Measures
 *  - backend RSS and one screen's JS heap (after a forced GC) each minute: first, last and the
 *    least-squares slope in MB per minute (flat is the goal);
 *  - update latency: every 5 s a new (Halted) VM is created on one site, and the time from the
 *    API's answer until a summary with the new VM count arrives on the stream (a Node client of
 *    the same SSE stream the screens read), p50 and p99;
 *  - events lost: after the churn stops and the sites settle, every screen's running and total
 *    counts per site, and the stream's counts by status, against the sites' own lists (must match).
 * Prints one JSON object. Run: `npx tsx bench/noc-soak.ts [minutes] [changesPerSecond]`.
 */
import { chromium, type BrowserContext, type Page } from '@playwright/test';
import { createParser } from 'eventsource-parser';
import { DISPLAY_PARAM, FLEET_STREAM_PATH, type FleetFrame, type SiteSummary } from '../lib/api/fleet';
import { routes } from '../lib/routes';
import type { Lab } from '../lab/lab';
import { buildVm } from '../lab/demo/vm-builder';
import { adminPage, createDisplayLink, displayLinksFile, startNocConsole, tile } from '../e2e/fixtures/noc';
import { startLabProcess } from '../e2e/fixtures/lab-process';
import { labApi } from '../tests/support/lab-api';

const MINUTES = Number(process.argv[2] ?? 15);
const RATE = Number(process.argv[3] ?? 100);
const SCREENS = 20;
const SITES = ['central', 'region-east', 'site-factory-01'];
const PROBE_SITE = 'site-factory-01';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s[Math.min(s.length - 1, Math.floor(q * s.length))] as number) : NaN;
};
/** Least-squares slope of y over x. */
function slope(points: [number, number][]): number {
  const n = points.length;
  if (n < 2) return NaN;
  const mx = points.reduce((a, p) => a + p[0], 0) / n;
  const my = points.reduce((a, p) => a + p[1], 0) / n;
  const num = points.reduce((a, p) => a + (p[0] - mx) * (p[1] - my), 0);
  const den = points.reduce((a, p) => a + (p[0] - mx) ** 2, 0);
  return num / den;
}

// Built-in guests only: twenty QEMU guests flipping would measure QEMU, not the console.
const lab = await startLabProcess({ sites: SITES, args: ['--time-scale', '0.05', '--scale', '30'], env: { EDGEVIRT_QEMU_CAP: '0' } });
const app = await startNocConsole(lab.kubeconfigPath, displayLinksFile());
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
const apis = Object.fromEntries(SITES.map((s) => [s, labApi({ kubeconfig: lab.kubeconfig } as Lab, s)]));

/** The sites' own counts: VMs by printableStatus. */
async function clusterCounts(): Promise<Record<string, { total: number; byStatus: Record<string, number> }>> {
  const out: Record<string, { total: number; byStatus: Record<string, number> }> = {};
  for (const site of SITES) {
    const items = (await apis[site]!.req('GET', '/apis/kubevirt.io/v1/virtualmachines')).json.items as {
      status?: { printableStatus?: string };
    }[];
    const byStatus: Record<string, number> = {};
    for (const v of items) {
      const st = v.status?.printableStatus ?? '';
      if (st) byStatus[st] = (byStatus[st] ?? 0) + 1;
    }
    out[site] = { total: items.length, byStatus };
  }
  return out;
}

async function rssMb(): Promise<number> {
  const text = await (await fetch(`${app.baseUrl}/metrics`)).text();
  const m = /^edgevirt_process_resident_memory_bytes (\S+)$/m.exec(text);
  return m ? Number(m[1]) / 2 ** 20 : NaN;
}

async function heapMb(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  await cdp.detach();
  return usedSize / 2 ** 20;
}

const contexts: BrowserContext[] = [];
const abort = new AbortController();
try {
  const admin = await adminPage(browser, app);
  const { token } = await createDisplayLink(admin.page, app, 'soak');
  await admin.context.close();

  // The stream as a screen reads it, in this process, to time updates.
  const latest = new Map<string, SiteSummary>();
  const waiters: { site: string; total: number; resolve: () => void }[] = [];
  void (async () => {
    const res = await fetch(`${app.baseUrl}${FLEET_STREAM_PATH}?${DISPLAY_PARAM}=${encodeURIComponent(token)}`, {
      headers: { accept: 'text/event-stream' },
      signal: abort.signal,
    });
    const parser = createParser({
      onEvent: (e) => {
        if (e.event !== 'snapshot' && e.event !== 'update') return;
        for (const s of (JSON.parse(e.data) as FleetFrame).sites) latest.set(s.site, s);
        for (const w of [...waiters])
          if ((latest.get(w.site)?.vms.total ?? -1) >= w.total) {
            waiters.splice(waiters.indexOf(w), 1);
            w.resolve();
          }
      },
    });
    const decoder = new TextDecoder();
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) parser.feed(decoder.decode(chunk, { stream: true }));
  })().catch(() => undefined);

  const screens: Page[] = [];
  for (let i = 0; i < SCREENS; i++) {
    const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`${app.baseUrl}${routes.noc(token)}`);
    await page.getByTestId('noc-connection').and(page.locator('[data-state=live]')).waitFor({ timeout: 120_000 });
    screens.push(page);
  }
  const watched = screens[0] as Page;

  await lab.admin('PUT', '/churn', { ratePerSecond: RATE });
  const t0 = Date.now();
  const memory: { minute: number; rssMb: number; heapMb: number }[] = [];
  const latencies: number[] = [];
  let probes = 0;
  let nextSample = t0;
  while (Date.now() - t0 < MINUTES * 60_000) {
    if (Date.now() >= nextSample) {
      memory.push({ minute: (Date.now() - t0) / 60_000, rssMb: await rssMb(), heapMb: await heapMb(watched) });
      nextSample += 60_000;
    }
    const expected = (latest.get(PROBE_SITE)?.vms.total ?? 0) + 1;
    const seen = new Promise<void>((resolve) => waiters.push({ site: PROBE_SITE, total: expected, resolve }));
    const vm = buildVm({ name: `soak-probe-${probes++}`, namespace: 'default', runStrategy: 'Halted', memory: '64Mi' });
    const created = await apis[PROBE_SITE]!.req('POST', '/apis/kubevirt.io/v1/namespaces/default/virtualmachines', vm);
    if (created.status !== 201) throw new Error(`probe: ${created.status} ${created.text}`);
    const at = Date.now();
    await Promise.race([seen, sleep(30_000)]);
    latencies.push(Date.now() - at);
    await sleep(5000);
  }
  memory.push({ minute: (Date.now() - t0) / 60_000, rssMb: await rssMb(), heapMb: await heapMb(watched) });
  const churn = await lab.admin<{ writes: number; statusChanges: number; conflicts: number }>('DELETE', '/churn');

  // Settle: the controllers finish what the last flips started, the stream catches up.
  let cluster = await clusterCounts();
  for (let i = 0; i < 60; i++) {
    await sleep(2000);
    const next = await clusterCounts();
    const moving = Object.values(next).some((c) => Object.keys(c.byStatus).some((s) => ['Starting', 'Stopping', 'Provisioning'].includes(s)));
    const same = JSON.stringify(next) === JSON.stringify(cluster);
    cluster = next;
    if (!moving && same) break;
  }
  await sleep(5000);
  const mismatches: string[] = [];
  for (const site of SITES) {
    const want = cluster[site]!;
    const got = latest.get(site);
    if (got?.vms.total !== want.total || JSON.stringify(sorted(got.vms.byStatus)) !== JSON.stringify(sorted(want.byStatus)))
      mismatches.push(`stream ${site}: ${JSON.stringify(got?.vms)} vs ${JSON.stringify(want)}`);
    for (const [i, page] of screens.entries()) {
      const running = Number(await tile(page, site).getByTestId('noc-running').innerText());
      if (running !== (want.byStatus.Running ?? 0)) mismatches.push(`screen ${i} ${site}: running ${running} vs ${want.byStatus.Running ?? 0}`);
      const text = await tile(page, site).innerText();
      if (!text.includes(`of ${want.total} VMs`)) mismatches.push(`screen ${i} ${site}: total not ${want.total}`);
    }
  }
  const load = (await import('node:os')).loadavg().map((x) => Number(x.toFixed(2)));
  console.log(
    JSON.stringify({
      minutes: MINUTES,
      screens: SCREENS,
      changesPerSecond: RATE,
      churn,
      backendRssMb: { first: round(memory[0]!.rssMb), last: round(memory.at(-1)!.rssMb), slopeMbPerMin: round(slope(memory.map((m) => [m.minute, m.rssMb])), 3) },
      screenHeapMb: { first: round(memory[0]!.heapMb), last: round(memory.at(-1)!.heapMb), slopeMbPerMin: round(slope(memory.map((m) => [m.minute, m.heapMb])), 3) },
      updateLatencyMs: { samples: latencies.length, p50: quantile(latencies, 0.5), p99: quantile(latencies, 0.99), max: Math.max(...latencies) },
      eventsLost: mismatches.length,
      mismatches: mismatches.slice(0, 10),
      memory: memory.map((m) => ({ minute: round(m.minute, 1), rssMb: round(m.rssMb), heapMb: round(m.heapMb) })),
      loadAverage: load,
    }),
  );
} finally {
  abort.abort();
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser.close();
  await app.stop();
  await lab.stop();
}

function sorted(o: Record<string, number>): [string, number][] {
  return Object.entries(o).sort(([a], [b]) => a.localeCompare(b));
}

function round(x: number, digits = 1): number {
  return Number(x.toFixed(digits));
}
