/**
 * VM list page at fleet scale: starts the console with its embedded lab seeded with ~10,000 VMs
 * (spread over the lab's three sites), opens /vms in Debian's Chromium and measures
 *  - time from navigation until rows show, and until every VM is listed;
 *  - time from a filter keystroke until the rows reflect it (per keystroke);
 *  - frames while scrolling the virtual list: a wheel gesture at 2,000 px/s, and a stress run
 *    that jumps 600 px every frame; with main-thread script/style/layout ms per frame;
 *  - the page's JS heap after GC;
 *  - first rows and all rows again through an emulated WAN link between browser and console
 *    (Chromium's network emulation: 10 Mbit/s each way, 50 ms round trip), warm code cache.
 * Prints one JSON object. Run: `npx tsx bench/vm-list-page.ts [totalVms]`.
 */
import { chromium, type Page } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from '../server/start-server';

const root = fileURLToPath(new URL('..', import.meta.url));
// The page is measured, not the guests: QEMU guests booting beside Chromium (up to 16 of them,
// seconds of CPU each) would take the cores the page needs. bench/guests.ts measures those.
process.env.EDGEVIRT_QEMU_CAP ??= '0';
const SITES = 3;
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

const SOURCES = ['app', 'components', 'lib', 'public', 'next.config.js', 'postcss.config.mjs', 'package-lock.json'];

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  return readdirSync(path).reduce((newest, entry) => Math.max(newest, newestMtime(join(path, entry))), st.mtimeMs);
}

/** Builds the app when the build is missing or older than its sources (as `npm start` does). */
function ensureBuild(): void {
  const marker = join(root, '.next', 'BUILD_ID');
  if (existsSync(marker) && SOURCES.every((s) => newestMtime(join(root, s)) <= statSync(marker).mtimeMs)) return;
  const r = spawnSync(process.execPath, [join(root, 'node_modules/next/dist/bin/next'), 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0) throw new Error('next build failed');
}

/** Total VM count shown in the header ("12 of 10,018" → 10018). */
async function listedTotal(page: Page): Promise<number> {
  const text = (await page.getByTestId('vm-count').textContent()) ?? '';
  const numbers = text.match(/\d[\d,]*/g) ?? [];
  return Number((numbers.at(-1) ?? '0').replace(/,/g, ''));
}

/** Presses one key in the search box and resolves when the shown count text changes. */
async function keystrokeLatency(page: Page, key: string): Promise<number | null> {
  const armed = page.evaluate(
    () =>
      new Promise<number | null>((resolve) => {
        const count = document.querySelector('[data-testid=vm-count]');
        const input = document.querySelector('[data-testid=vm-search]');
        if (!count || !input) return resolve(null);
        const before = count.textContent;
        let t0 = 0;
        input.addEventListener('keydown', () => (t0 = performance.now()), { once: true });
        const obs = new MutationObserver(() => {
          if (count.textContent === before) return;
          obs.disconnect();
          // Count the paint too: the user sees rows after the next frame.
          requestAnimationFrame(() => resolve(performance.now() - t0));
        });
        obs.observe(count, { childList: true, subtree: true, characterData: true });
        setTimeout(() => {
          obs.disconnect();
          resolve(null);
        }, 10_000);
      }),
  );
  await page.waitForTimeout(20);
  await page.keyboard.press(key);
  return armed;
}

// Passed as text: tsx would wrap named inner functions in a helper the page does not have.
// Stress: the list jumps 600 px (about 18 rows) every frame, written without reading layout.
const JUMP_SCRIPT = `new Promise((resolve) => {
  const el = document.querySelector('[data-testid=vm-rows]');
  el.scrollTop = 0;
  const start = performance.now();
  let last = start, frames = 0, longest = 0, pos = 0;
  function step(now) {
    frames += 1;
    longest = Math.max(longest, now - last);
    last = now;
    pos += 600;
    el.scrollTop = pos;
    if (now - start < 3000) requestAnimationFrame(step);
    else resolve({ frames, durationMs: Math.round(now - start), longestFrameMs: Math.round(longest) });
  }
  requestAnimationFrame(step);
})`;

// Counts frames for 3 s while the browser scrolls on its own (wheel gesture).
const FRAMES_SCRIPT = `new Promise((resolve) => {
  const el = document.querySelector('[data-testid=vm-rows]');
  const start = performance.now();
  let last = start, frames = 0, longest = 0;
  function step(now) {
    frames += 1;
    longest = Math.max(longest, now - last);
    last = now;
    if (now - start < 3000) requestAnimationFrame(step);
    else resolve({ frames, durationMs: Math.round(now - start), longestFrameMs: Math.round(longest), scrolledPx: el.scrollTop });
  }
  requestAnimationFrame(step);
})`;

interface ScrollFigures {
  frames: number;
  durationMs: number;
  longestFrameMs: number;
  fps: number;
  /** Main-thread time per frame spent in script, style and layout (Chromium's own counters). */
  perFrameMs: { script: number; style: number; layout: number };
}

type Cdp = Awaited<ReturnType<ReturnType<Page['context']>['newCDPSession']>>;

async function mainThreadMs(cdp: Cdp): Promise<Record<string, number>> {
  const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
  const pick = (n: string) => (metrics.find((m) => m.name === n)?.value ?? 0) * 1000;
  return { script: pick('ScriptDuration'), style: pick('RecalcStyleDuration'), layout: pick('LayoutDuration') };
}

async function measureScroll(page: Page, cdp: Cdp, run: () => Promise<{ frames: number; durationMs: number; longestFrameMs: number }>): Promise<ScrollFigures> {
  const before = await mainThreadMs(cdp);
  const r = await run();
  const after = await mainThreadMs(cdp);
  const per = (k: string) => Math.round((((after[k] ?? 0) - (before[k] ?? 0)) / Math.max(1, r.frames)) * 10) / 10;
  return { ...r, fps: Math.round((r.frames * 1000) / r.durationMs), perFrameMs: { script: per('script'), style: per('style'), layout: per('layout') } };
}

/** Wheel scroll at `speed` px/s driven by the browser's input pipeline, as a user's mouse does. */
async function wheelScroll(page: Page, cdp: Cdp, speed: number): Promise<ScrollFigures> {
  await page.evaluate(`document.querySelector('[data-testid=vm-rows]').scrollTop = 0`);
  await page.waitForTimeout(300);
  const box = await page.getByTestId('vm-rows').boundingBox();
  if (!box) throw new Error('row list not visible');
  return measureScroll(page, cdp, async () => {
    const counting = page.evaluate(FRAMES_SCRIPT) as Promise<{ frames: number; durationMs: number; longestFrameMs: number }>;
    await cdp.send('Input.synthesizeScrollGesture', { x: Math.round(box.x + 300), y: Math.round(box.y + 200), yDistance: -speed * 3, speed, gestureSourceType: 'mouse', preventFling: true });
    return counting;
  });
}

/** Gzip size of every script the page loaded so far (first-load JS), read from the build. */
async function loadedJsGzipBytes(page: Page): Promise<{ files: number; rawKB: number; gzipKB: number }> {
  const urls = await page.evaluate(() =>
    performance
      .getEntriesByType('resource')
      .map((e) => e.name)
      .filter((n) => /\/_next\/static\/.*\.js$/.test(new URL(n).pathname)),
  );
  let raw = 0;
  let gz = 0;
  for (const u of new Set(urls)) {
    const file = join(root, '.next', new URL(u).pathname.replace(/^\/_next\//, ''));
    const body = readFileSync(file);
    raw += body.length;
    gz += gzipSync(body, { level: 9 }).length;
  }
  return { files: new Set(urls).size, rawKB: Math.round(raw / 1024), gzipKB: Math.round(gz / 1024) };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? null;

/** Runs the benchmark and returns the figures (also printed as JSON when run directly). */
/** Navigates to the list and times first rows and every VM listed. */
async function timeListing(page: Page, url: string, totalVms: number): Promise<{ firstRowsMs: number; allListedMs: number; listed: number }> {
  const t0 = Date.now();
  await page.goto(url);
  await page.getByTestId('vm-row').first().waitFor({ timeout: 120_000 });
  const firstRowsMs = Date.now() - t0;
  let listed = await listedTotal(page);
  while (listed < totalVms && Date.now() - t0 < 180_000) {
    await page.waitForTimeout(50);
    listed = await listedTotal(page);
  }
  return { firstRowsMs, allListedMs: Date.now() - t0, listed };
}

/** The WAN link of the issue: 10 Mbit/s, 50 ms round trip (Chromium adds the latency per request). */
const WAN = { offline: false, latency: 50, downloadThroughput: 10_000_000 / 8, uploadThroughput: 10_000_000 / 8 };

export async function benchVmListPage(totalVms = 10_000): Promise<Record<string, unknown>> {
  ensureBuild();
  const perSite = Math.ceil(totalVms / SITES);
  const server = await startServer({ port: 0, lab: { scale: perSite } });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    if (!server.signInUrl) throw new Error('server printed no sign-in link');
    await page.goto(server.signInUrl);
    await page.getByTestId('user-menu').waitFor();

    // Measured run: a fresh navigation to the list.
    const t0 = Date.now();
    await page.goto(`${server.url}/vms`);
    await page.getByTestId('vm-row').first().waitFor({ timeout: 120_000 });
    const firstRowsMs = Date.now() - t0;
    const firstLoadJs = await loadedJsGzipBytes(page);
    let total = await listedTotal(page);
    while (total < totalVms && Date.now() - t0 < 180_000) {
      await page.waitForTimeout(100);
      total = await listedTotal(page);
    }
    const allListedMs = Date.now() - t0;

    await page.getByTestId('vm-search').click();
    const digits = String(perSite - 1).replace(/0/g, '1').slice(0, 4);
    const typed: (number | null)[] = [];
    for (const key of digits) typed.push(await keystrokeLatency(page, key));
    const cleared: (number | null)[] = [];
    for (let i = 0; i < digits.length; i++) cleared.push(await keystrokeLatency(page, 'Backspace'));

    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    // The first pass pays one-time costs (code paths compiled, glyphs rasterized); headless
    // software rendering on a small machine varies from pass to pass, so three passes.
    const wheel: ScrollFigures[] = [];
    for (let pass = 0; pass < 3; pass++) wheel.push(await wheelScroll(page, cdp, 2000));
    const jump = await measureScroll(page, cdp, () => page.evaluate(JUMP_SCRIPT) as Promise<{ frames: number; durationMs: number; longestFrameMs: number }>);
    await cdp.send('HeapProfiler.collectGarbage');
    const heap = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number; totalSize: number };
    const domRows = await page.getByTestId('vm-row').count();

    const wanPage = await context.newPage();
    const wanCdp = await context.newCDPSession(wanPage);
    await wanCdp.send('Network.enable');
    await wanCdp.send('Network.emulateNetworkConditions', WAN);
    const wan = await timeListing(wanPage, `${server.url}/vms`, totalVms);
    await wanPage.close();
    const ok = (xs: (number | null)[]) => xs.filter((x): x is number => x !== null).map((x) => Math.round(x));
    return {
      bench: 'vm-list-page',
      vmsListed: total,
      sites: SITES,
      timeToFirstRowsMs: firstRowsMs,
      timeToAllVmsListedMs: allListedMs,
      firstLoadJs,
      filterKeystrokeMs: { query: digits, perKey: ok(typed), median: median(ok(typed)), max: Math.max(...ok(typed)) },
      filterBackspaceMs: { perKey: ok(cleared), median: median(ok(cleared)), max: Math.max(...ok(cleared)) },
      scrollWheel2000PxPerS: { passes: wheel, medianFps: median(wheel.map((w) => w.fps)) },
      scrollJump600PxPerFrame: jump,
      domRowsRendered: domRows,
      jsHeapUsedMB: Math.round((heap.usedSize / 2 ** 20) * 10) / 10,
      jsHeapTotalMB: Math.round((heap.totalSize / 2 ** 20) * 10) / 10,
      wan10MbitRtt50ms: { ...wan, goalAllListedMs: 1500 },
    };
  } finally {
    await browser.close();
    await server.close();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const total = Number(process.argv[2] ?? process.env.EDGEVIRT_LAB_SCALE ?? 10_000);
  benchVmListPage(total).then(
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
