/**
 * What watching migrations costs: a lab site (`central`, 3 nodes, built-in guests) with 20 live
 * migrations in flight at once (the KubeVirt CR allows 20 in parallel, a slow bandwidth keeps
 * them running), the console on its kubeconfig (`npm start`), and 1 then 10 Migrations
 * dashboards open in Debian's Chromium, one browser context each, as ten admins would. For each
 * count it measures over a window:
 *  - requests per second the site's API server receives (the lab counts them) and the open
 *    upstream watches there;
 *  - backend CPU (share of one core, from `edgevirt_process_cpu_seconds_total`) and RSS;
 *  - that every dashboard shows all 20 migrations Running with a progress bar.
 * Prints one JSON object. Run: `npx tsx bench/migration-dashboards.ts [windowSeconds]`.
 */
import { chromium, type BrowserContext, type Page } from '@playwright/test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildVm } from '../lab/demo/vm-builder';
import type { Lab } from '../lab/lab';
import { startLabProcess } from '../e2e/fixtures/lab-process';
import { startConsole } from '../e2e/fixtures/server';
import { labApi } from '../tests/support/lab-api';

const WINDOW_S = Number(process.argv[2] ?? 30);
const MIGRATIONS = 20;
const NS = 'default';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Sum of one metric's samples (every label set) in Prometheus text. */
function metricSum(text: string, name: string): number {
  let sum = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(name)) continue;
    const rest = line.slice(name.length);
    if (rest[0] !== ' ' && rest[0] !== '{') continue;
    sum += Number(line.slice(line.lastIndexOf(' ') + 1)) || 0;
  }
  return sum;
}

const lab = await startLabProcess({ sites: ['central'], args: ['--seed', 'infra'], env: { EDGEVIRT_QEMU_CAP: '0' } });
const api = labApi({ kubeconfig: lab.kubeconfig } as Lab, 'central');
const metrics = async (baseUrl: string) => {
  const text = await (await fetch(`${baseUrl}/metrics`)).text();
  return {
    cpuSeconds: metricSum(text, 'edgevirt_process_cpu_seconds_total'),
    rssMb: Math.round(metricSum(text, 'edgevirt_process_resident_memory_bytes') / 2 ** 20),
  };
};
const labRequests = async () => (await lab.admin<{ requests: number }>('GET', '/sites/central')).requests;
const labWatches = async () => {
  const w = await lab.admin<{ sites: Record<string, Record<string, number>> }>('GET', '/watches');
  return Object.values(w.sites.central ?? {}).reduce((a, b) => a + b, 0);
};

async function setUpMigrations(): Promise<void> {
  const kvPath = '/apis/kubevirt.io/v1/namespaces/kubevirt/kubevirts/kubevirt';
  const patched = await api.req(
    'PATCH',
    kvPath,
    {
      spec: {
        configuration: {
          migrations: {
            parallelMigrationsPerCluster: MIGRATIONS,
            parallelOutboundMigrationsPerNode: MIGRATIONS,
            bandwidthPerMigration: '2Mi',
            completionTimeoutPerGiB: 5000,
            progressTimeout: 5000,
          },
        },
      },
    },
    { 'content-type': 'application/merge-patch+json' },
  );
  if (patched.status !== 200) throw new Error(`patching the KubeVirt CR: ${patched.status} ${patched.text}`);
  const vms = `/apis/kubevirt.io/v1/namespaces/${NS}/virtualmachines`;
  for (let i = 0; i < MIGRATIONS; i++) {
    const vm = buildVm({ name: `mig-${i}`, namespace: NS, runStrategy: 'Always', memory: '1Gi', evictionStrategy: 'LiveMigrate' });
    const r = await api.req('POST', vms, vm);
    if (r.status !== 201) throw new Error(`creating mig-${i}: ${r.status} ${r.text}`);
  }
  const vmis = `/apis/kubevirt.io/v1/namespaces/${NS}/virtualmachineinstances`;
  await api.waitFor(
    vmis,
    (l: { items: { status?: { phase?: string } }[] }) =>
      l.items.filter((v) => v.status?.phase === 'Running').length === MIGRATIONS,
    180_000,
  );
  const vmims = `/apis/kubevirt.io/v1/namespaces/${NS}/virtualmachineinstancemigrations`;
  for (let i = 0; i < MIGRATIONS; i++) {
    const r = await api.req('POST', vmims, {
      apiVersion: 'kubevirt.io/v1',
      kind: 'VirtualMachineInstanceMigration',
      metadata: { name: `mig-${i}-move` },
      spec: { vmiName: `mig-${i}` },
    });
    if (r.status !== 201) throw new Error(`creating mig-${i}-move: ${r.status} ${r.text}`);
  }
  await api.waitFor(
    vmims,
    (l: { items: { status?: { phase?: string } }[] }) =>
      l.items.filter((m) => m.status?.phase === 'Running').length === MIGRATIONS,
    180_000,
  );
}

await setUpMigrations();
const app = await startConsole({ args: ['--kubeconfig', lab.kubeconfigPath] });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
const state = join(mkdtempSync(join(tmpdir(), 'bench-mig-')), 'state.json');
try {
  const first = await browser.newContext();
  const signIn = await first.newPage();
  await signIn.goto(app.signInUrl);
  await signIn.getByTestId('user-menu').waitFor();
  await first.storageState({ path: state });
  await first.close();

  const contexts: BrowserContext[] = [];
  const open = async (): Promise<Page> => {
    const context = await browser.newContext({ storageState: state, viewport: { width: 1600, height: 1000 } });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`${app.baseUrl}/migrations?window=all`);
    const running = page.locator('[data-testid=migration-row][data-phase=Running] [data-testid=migration-progress]');
    await page.waitForFunction(
      (n) => document.querySelectorAll('[data-testid=migration-row][data-phase=Running] [data-testid=migration-progress]').length >= n,
      MIGRATIONS,
      { timeout: 120_000 },
    );
    if ((await running.count()) < MIGRATIONS) throw new Error('a dashboard does not show every migration');
    return page;
  };
  const results: Record<string, unknown>[] = [];
  for (const dashboards of [1, 10]) {
    const pages: Page[] = [];
    while (pages.length < dashboards) pages.push(await open());
    // Let the pages settle (first lists, first progress reads) before the window starts.
    await new Promise((r) => setTimeout(r, 5000));
    const before = await metrics(app.baseUrl);
    const requestsBefore = await labRequests();
    const t0 = Date.now();
    await new Promise((r) => setTimeout(r, WINDOW_S * 1000));
    const after = await metrics(app.baseUrl);
    const requestsAfter = await labRequests();
    const seconds = (Date.now() - t0) / 1000;
    const shown = await Promise.all(
      pages.map((p) => p.locator('[data-testid=migration-row][data-phase=Running] [data-testid=migration-progress]').count()),
    );
    results.push({
      dashboards,
      windowSeconds: Math.round(seconds),
      siteRequestsPerSecond: Number(((requestsAfter - requestsBefore) / seconds).toFixed(2)),
      upstreamWatches: await labWatches(),
      backendCpuShare: Number(((after.cpuSeconds - before.cpuSeconds) / seconds).toFixed(3)),
      backendRssMb: after.rssMb,
      runningShownPerDashboard: { min: Math.min(...shown), max: Math.max(...shown) },
    });
    for (const c of contexts.splice(0)) await c.close();
    await new Promise((r) => setTimeout(r, 3000));
  }
  const load = (await import('node:os')).loadavg().map((x) => Number(x.toFixed(2)));
  console.log(JSON.stringify({ migrations: MIGRATIONS, results, loadAverage: load }));
} finally {
  await browser.close();
  await app.stop();
  await lab.stop();
}
