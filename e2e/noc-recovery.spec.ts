/**
 * A NOC wall left alone for weeks: when the backend is killed, every screen keeps its last frame
 * and says "reconnecting since …", then comes back by itself (no reload) when the backend is
 * back on the same address; a revoked display link stops an open screen within seconds, and
 * stays refused after a backend restart (the revocation is in the links file).
 */
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { expect, test } from './fixtures/test';
import { DISPLAY_PARAM, FLEET_STREAM_PATH } from '../lib/api/fleet';
import { routes } from '../lib/routes';
import { startLabProcess, type LabProcess } from './fixtures/lab-process';
import {
  adminPage,
  createDisplayLink,
  displayLinksFile,
  revokeDisplayLink,
  startNocConsole,
  tile,
  WALL_VIEWPORT,
} from './fixtures/noc';
import type { RunningConsole } from './fixtures/server';

const SITES = ['central', 'site-factory-01'];
const SCREENS = 3;
let lab: LabProcess;
let app: RunningConsole;
let linksFile: string;
let port: number;
const contexts: BrowserContext[] = [];

test.beforeAll(async () => {
  lab = await startLabProcess({ sites: SITES });
  linksFile = displayLinksFile();
  app = await startNocConsole(lab.kubeconfigPath, linksFile);
  port = Number(new URL(app.baseUrl).port);
});

test.afterEach(async () => {
  for (const c of contexts.splice(0)) await c.close();
});

test.afterAll(async () => {
  await app?.stop();
  await lab?.stop();
});

/** Kills the console and starts it again on the same port and links file. */
async function restartBackend(): Promise<void> {
  await app.stop();
  app = await startNocConsole(lab.kubeconfigPath, linksFile, port);
}

async function openScreen(browser: Browser, token: string): Promise<Page> {
  const context = await browser.newContext({ viewport: WALL_VIEWPORT });
  contexts.push(context);
  const page = await context.newPage();
  await page.goto(`${app.baseUrl}${routes.noc(token)}`);
  await expect(page.getByTestId('noc-connection')).toHaveAttribute('data-state', 'live');
  for (const site of SITES) await expect(tile(page, site)).toHaveAttribute('data-state', /healthy|degraded/);
  // Marks the document: a reload would drop the mark.
  await page.evaluate(() => ((window as unknown as { __noReload: boolean }).__noReload = true));
  return page;
}

test('every screen shows "reconnecting" while the backend is down, keeps its last frame, and recovers by itself', async ({
  browser,
}) => {
  test.setTimeout(300_000);
  const admin = await adminPage(browser, app);
  contexts.push(admin.context);
  const { token } = await createDisplayLink(admin.page, app, 'recovery wall');
  const screens: Page[] = [];
  for (let i = 0; i < SCREENS; i++) screens.push(await openScreen(browser, token));
  const running = await tile(screens[0] as Page, 'central').getByTestId('noc-running').innerText();

  await app.stop();
  for (const page of screens) {
    const connection = page.getByTestId('noc-connection');
    await expect(connection).toHaveAttribute('data-state', 'reconnecting', { timeout: 30_000 });
    await expect(connection).toContainText('Reconnecting since');
    // The last frame stays: the tiles and their counts, not an empty or red wall.
    await expect(tile(page, 'central').getByTestId('noc-running')).toHaveText(running);
  }
  await (screens[0] as Page).screenshot({ path: test.info().outputPath('noc-reconnecting.png') });

  app = await startNocConsole(lab.kubeconfigPath, linksFile, port);
  for (const page of screens) {
    await expect(page.getByTestId('noc-connection')).toHaveAttribute('data-state', 'live', { timeout: 60_000 });
    for (const site of SITES) await expect(tile(page, site)).toHaveAttribute('data-state', /healthy|degraded/);
    expect(await page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).toBe(true);
  }
});

test('a revoked link stops an open screen within seconds, and stays refused after a backend restart', async ({
  browser,
}) => {
  test.setTimeout(300_000);
  const admin = await adminPage(browser, app);
  contexts.push(admin.context);
  const link = await createDisplayLink(admin.page, app, 'revoked wall');
  const kept = await createDisplayLink(admin.page, app, 'kept wall');
  const screen = await openScreen(browser, link.token);
  const other = await openScreen(browser, kept.token);

  await revokeDisplayLink(admin.page, app, link.id);
  await expect(screen.getByTestId('noc-refused')).toBeVisible({ timeout: 10_000 });
  await expect(screen.getByTestId('noc-refused')).toContainText('revoked');
  // The revoked screen shows no fleet data any more; the other link's screen stays live.
  await expect(screen.locator('[data-testid=noc-tile]')).toHaveCount(0);
  await expect(other.getByTestId('noc-connection')).toHaveAttribute('data-state', 'live');
  await screen.screenshot({ path: test.info().outputPath('noc-revoked.png') });

  await restartBackend();
  // After the restart the server still refuses the revoked token, on every route a screen uses.
  const res = await fetch(`${app.baseUrl}${FLEET_STREAM_PATH}?${DISPLAY_PARAM}=${encodeURIComponent(link.token)}`, {
    headers: { accept: 'text/event-stream' },
  });
  expect([401, 403]).toContain(res.status);
  await res.body?.cancel();
  const fresh = await browser.newContext({ viewport: WALL_VIEWPORT });
  contexts.push(fresh);
  const again = await fresh.newPage();
  await again.goto(`${app.baseUrl}${routes.noc(link.token)}`);
  await expect(again.getByTestId('noc-refused')).toBeVisible({ timeout: 30_000 });
  await expect(again.locator('[data-testid=noc-tile]')).toHaveCount(0);
  // The link that was not revoked comes back live on its open screen.
  await expect(other.getByTestId('noc-connection')).toHaveAttribute('data-state', 'live', { timeout: 60_000 });
});
