/**
 * The fleet at scale: a lab process with N sites (default 500: central, two regional hubs, the
 * rest single-node edge sites, demo seed), the console on its kubeconfig (`npm start`), Debian's
 * Chromium. Measures
 *  - the VM list's first rows and the time until the site health line counts every site live
 *    (null, with the line's words, when that does not happen within 5 minutes);
 *  - the fleet overview's first tile and the time until it shows every site;
 *  - backend RSS (`/metrics`) after both pages, and the upstream watches the lab counts
 *    (per resource, summed over sites: what the console costs the fleet);
 *  - the page's JS heap on each page.
 * With EDGEVIRT_SCREENS_DIR set it saves screenshots of both pages (1920×1080) there.
 * Prints one JSON object. Run: `npx tsx bench/fleet-scale.ts [sites]`.
 */
import { chromium, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { startLabProcess } from '../e2e/fixtures/lab-process';
import { startConsole } from '../e2e/fixtures/server';

const N = Number(process.argv[2] ?? 500);
const SCREENS = process.env.EDGEVIRT_SCREENS_DIR;
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

function siteNames(n: number): string[] {
  const edge = Array.from(
    { length: Math.max(0, n - 3) },
    (_, i) => `site-edge-${String(i + 1).padStart(3, '0')}`,
  );
  return ['central', 'region-east', 'region-west', ...edge].slice(0, n);
}

async function rssMb(baseUrl: string): Promise<number> {
  const text = await (await fetch(`${baseUrl}/metrics`)).text();
  const m = /^edgevirt_process_resident_memory_bytes (\S+)$/m.exec(text);
  return m ? Math.round(Number(m[1]) / 2 ** 20) : NaN;
}

async function heapMb(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  await cdp.detach();
  return Math.round(usedSize / 2 ** 20);
}

async function timed(page: Page, url: string, first: string, all: () => Promise<unknown>) {
  const t0 = Date.now();
  await page.goto(url);
  await page.locator(first).first().waitFor({ timeout: 120_000 });
  const firstMs = Date.now() - t0;
  await all();
  return { firstMs, allMs: Date.now() - t0 };
}

const names = siteNames(N);
const t0 = Date.now();
const lab = await startLabProcess({ sites: names, timeoutMs: 900_000 });
const labReadyMs = Date.now() - t0;
const app = await startConsole({ args: ['--kubeconfig', lab.kubeconfigPath], timeoutMs: 900_000 });
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: CHROMIUM_ARGS,
});
try {
  const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
  await page.goto(app.signInUrl);
  await page.getByTestId('user-menu').waitFor();
  const everyLive = page.locator(`[data-testid=site-health-summary] [data-health=live][data-count="${N}"]`);
  // A fleet that never gets every site live is a figure too: the summary line says what it saw.
  const vmList = await timed(page, `${app.baseUrl}/vms`, '[data-testid=vm-row]', () =>
    everyLive.waitFor({ timeout: 300_000 }).catch(() => undefined),
  );
  const healthAtEnd = (await page.getByTestId('site-health-summary').textContent())?.trim();
  const allLive = await everyLive.isVisible();
  const vmListHeapMb = await heapMb(page);
  if (SCREENS) {
    mkdirSync(SCREENS, { recursive: true });
    await page.screenshot({ path: `${SCREENS}/vm-list-${N}-sites-1920x1080.png` });
    await page.getByTestId('site-health-summary').click();
    await page.getByTestId('site-health-search').fill('edge-01');
    await page.screenshot({ path: `${SCREENS}/vm-list-${N}-sites-health-expanded-1920x1080.png` });
  }
  const overview = await timed(page, `${app.baseUrl}/?group=tier`, '[data-testid=overview-tile]', () =>
    page.waitForFunction((n) => document.querySelectorAll('[data-testid=overview-tile]').length === n, N, {
      timeout: 300_000,
    }),
  );
  const overviewHeapMb = await heapMb(page);
  if (SCREENS) await page.screenshot({ path: `${SCREENS}/overview-${N}-sites-by-tier-1920x1080.png` });
  const watches = await lab.admin<{ sites: Record<string, Record<string, number>> }>('GET', '/watches');
  const byResource: Record<string, number> = {};
  for (const counts of Object.values(watches.sites))
    for (const [r, n] of Object.entries(counts)) byResource[r] = (byResource[r] ?? 0) + n;
  const upstreamWatches = Object.values(byResource).reduce((a, b) => a + b, 0);
  console.log(
    JSON.stringify({
      sites: N,
      labReadyMs,
      vmList: { firstMs: vmList.firstMs, allLiveMs: allLive ? vmList.allMs : null, healthAtEnd, heapMb: vmListHeapMb },
      overview: { ...overview, heapMb: overviewHeapMb },
      backendRssMb: await rssMb(app.baseUrl),
      upstreamWatches,
      upstreamWatchesPerSite: upstreamWatches / N,
      upstreamWatchesByResource: byResource,
    }),
  );
} finally {
  await browser.close();
  await app.stop();
  await lab.stop();
}
