/**
 * The NOC wall as a screen across the room sees it: a display link opens it with no session,
 * nothing to click, every site live; a partitioned site turns grey "unreachable" with its last
 * known counts (never down VMs) and comes back by itself; the wall speaks Chinese on `lang=zh`.
 */
import { expect, test } from './fixtures/test';
import { shot } from './fixtures/screens';
import { routes } from '../lib/routes';
import type { LabProcess } from './fixtures/lab-process';
import {
  startNocStack,
  tile,
  WALL_VIEWPORT,
} from './fixtures/noc';
import type { RunningConsole } from './fixtures/server';

const SITES = ['central', 'region-east', 'site-factory-01'];
const VICTIM = 'site-factory-01';
let lab: LabProcess;
let app: RunningConsole;
let token: string;


test.beforeAll(async ({ browser }) => {
  ({ lab, app, token } = await startNocStack(browser, SITES, 'NOC wall e2e'));
});

test.afterAll(async () => {
  await app?.stop();
  await lab?.stop();
});

test('a display link opens a dark, read-only wall with every site live', async ({ browser }) => {
  const context = await browser.newContext({ viewport: WALL_VIEWPORT });
  const page = await context.newPage();
  await page.goto(`${app.baseUrl}${routes.noc(token)}`);
  await expect(page.getByTestId('noc-connection')).toHaveAttribute('data-state', 'live');
  for (const site of SITES) await expect(tile(page, site)).toHaveAttribute('data-state', /healthy|degraded/);
  await expect(page.getByTestId('noc-clock')).toHaveText(/^\d\d:\d\d:\d\d$/);
  await expect(page.getByTestId('noc-last-update')).toContainText('Updated');
  // No session, no app chrome, nothing to click or type into; the cursor is hidden.
  await expect(page.getByTestId('user-menu')).toHaveCount(0);
  await expect(page.locator('button, a[href], input, select, textarea')).toHaveCount(0);
  expect(await page.getByTestId('noc-wall').evaluate((el) => getComputedStyle(el).cursor)).toBe('none');
  expect(await page.getByTestId('noc-wall').evaluate((el) => getComputedStyle(el).backgroundColor)).toBe(
    'rgb(0, 0, 0)',
  );
  // Each tile says its state in words next to the colour.
  await expect(tile(page, 'central').getByTestId('tile-state')).toHaveText(/Healthy|Degraded/);
  await shot(page, 'noc-healthy-1920x1080.png');
  await context.close();
});

test('a partitioned site is greyed "unreachable" with its last known counts, and recovers', async ({
  browser,
}) => {
  const context = await browser.newContext({ viewport: WALL_VIEWPORT });
  const page = await context.newPage();
  await page.goto(`${app.baseUrl}${routes.noc(token)}`);
  await expect(tile(page, VICTIM)).toHaveAttribute('data-state', /healthy|degraded/);
  const running = await tile(page, VICTIM).getByTestId('noc-running').innerText();
  const others = await tile(page, VICTIM).getByTestId('noc-others').innerText();
  await lab.setFaults(VICTIM, { partition: true });
  try {
    await expect(tile(page, VICTIM)).toHaveAttribute('data-state', 'unreachable');
    await expect(tile(page, VICTIM).getByTestId('tile-state')).toHaveText('Unreachable');
    await expect(tile(page, VICTIM).getByTestId('noc-tile-age')).toContainText('Last known');
    // The last known counts, not zero and not red.
    await expect(tile(page, VICTIM).getByTestId('noc-running')).toHaveText(running);
    await expect(tile(page, VICTIM).getByTestId('noc-others')).toHaveText(others);
    await expect(tile(page, VICTIM)).not.toHaveAttribute('data-red', 'true');
    await expect(tile(page, 'central')).toHaveAttribute('data-state', /healthy|degraded/);
    await expect(page.getByTestId('noc-connection')).toHaveAttribute('data-state', 'live');
    await shot(page, 'noc-site-unreachable-1920x1080.png');
  } finally {
    await lab.setFaults(VICTIM, null);
  }
  await expect(tile(page, VICTIM)).toHaveAttribute('data-state', /healthy|degraded/, { timeout: 60_000 });
  await context.close();
});

test('the wall speaks Chinese on lang=zh', async ({ browser }) => {
  const context = await browser.newContext({ viewport: WALL_VIEWPORT });
  const page = await context.newPage();
  await page.goto(`${app.baseUrl}${routes.noc(token, 'zh')}`);
  await expect(page.getByTestId('noc-connection')).toHaveText('实时');
  await expect(page.getByTestId('noc-last-update')).toContainText('更新于');
  await expect(tile(page, 'central').getByTestId('tile-state')).toHaveText(/正常|降级/);
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await shot(page, 'noc-zh-1920x1080.png');
  await context.close();
});

test('one link, one wall per region or tier: region=east and tier=edge keep only the sites placed there', async ({
  browser,
}) => {
  const context = await browser.newContext({ viewport: WALL_VIEWPORT });
  const page = await context.newPage();
  await page.goto(`${app.baseUrl}${routes.noc(token)}&region=east`);
  await expect(tile(page, 'region-east')).toHaveAttribute('data-state', /healthy|degraded/);
  await expect(tile(page, 'site-factory-01')).toHaveAttribute('data-state', /healthy|degraded/);
  await expect(page.locator('[data-testid=noc-tile]')).toHaveCount(2);
  await page.goto(`${app.baseUrl}${routes.noc(token)}&tier=edge`);
  await expect(tile(page, 'site-factory-01')).toHaveAttribute('data-state', /healthy|degraded/);
  await expect(page.locator('[data-testid=noc-tile]')).toHaveCount(1);
  await context.close();
});
