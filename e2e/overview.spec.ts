/**
 * The fleet overview as an admin lands on it (`/`): a tile per site, worst first, each number a
 * link to the list it counts; a stopped VM marks its site "changed"; a partitioned site turns
 * "unreachable" with its last known counts and comes back by itself. Own lab process (for the
 * partition fault) and console. Screenshots at 1920×1080.
 */
import { expect, test } from './fixtures/test';
import { shot } from './fixtures/screens';
import { startLabProcess, type LabProcess } from './fixtures/lab-process';
import { startConsole, type RunningConsole } from './fixtures/server';

const SITES = ['central', 'region-east', 'site-factory-01'];
const VICTIM = 'site-factory-01';
let lab: LabProcess;
let app: RunningConsole;


test.beforeAll(async () => {
  lab = await startLabProcess({ sites: SITES });
  app = await startConsole({ args: ['--kubeconfig', lab.kubeconfigPath] });
});

test.afterAll(async () => {
  await app?.stop();
  await lab?.stop();
});

test('the overview shows every site, links its counts, and greys an unreachable site', async ({
  page,
}) => {
  test.setTimeout(360_000);
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.goto(app.signInUrl);
  await expect(page.getByTestId('user-menu')).toBeVisible();
  await page.goto(`${app.baseUrl}/`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Fleet overview');
  const tile = (site: string) => page.locator(`[data-testid=overview-tile][data-site="${site}"]`);
  for (const site of SITES) await expect(tile(site)).toBeVisible();
  await expect(page.getByTestId('overview-connection')).toHaveAttribute('data-kind', 'live');
  await expect(tile('central').getByTestId('tile-state')).not.toHaveAttribute('data-state', 'unreachable');
  // A site's first summary is no change: a quiet site is not marked "changed" after start.
  await expect(tile('region-east')).not.toHaveAttribute('data-changed', 'true');
  await expect(page.getByTestId('overview-totals')).not.toContainText(/\b1 (sites|alerts)\b/);
  await shot(page, 'overview-healthy-1920x1080.png');

  // Sites carry their kubeconfig placement (the lab writes it): filter by tier, group by tier.
  await page.getByTestId('overview-tier').selectOption('edge');
  await expect(page.getByTestId('overview-tile')).toHaveCount(1);
  await expect(page.getByTestId('overview-tile')).toHaveAttribute('data-site', VICTIM);
  await expect(page).toHaveURL(/\?tier=edge$/);
  await page.getByTestId('overview-tier').selectOption('');
  await page.getByTestId('overview-group').selectOption('tier');
  await expect(page).toHaveURL(/\?group=tier$/);
  const sections = page.getByTestId('overview-group-section');
  await expect(sections).toHaveCount(3);
  expect(await sections.evaluateAll((els) => els.map((e) => e.getAttribute('data-group')))).toEqual([
    'central',
    'regional',
    'edge',
  ]);
  await expect(sections.nth(2).getByTestId('overview-tile')).toHaveAttribute('data-site', VICTIM);
  await shot(page, 'overview-grouped-by-tier-1920x1080.png');
  await page.getByTestId('overview-group').selectOption('');

  // A count links to the filtered list it counts (region-east: a quiet site, no migration in flight).
  const running = tile('region-east').locator('[data-testid=overview-by-status] a[data-status=Running]');
  // Its QEMU guests may still be waiting for a boot slot on a busy machine ("2 Starting").
  await expect(running).toHaveAttribute('href', '/vms?site=region-east&status=Running', { timeout: 180_000 });
  // Settled (nothing still starting), so the count cannot change between the tile and the list.
  await expect(tile('region-east').locator('[data-testid=overview-by-status] a[data-status=Starting]')).toHaveCount(0, {
    timeout: 180_000,
  });
  const count = Number(await running.innerText());
  await running.click();
  await expect(page).toHaveURL(/\/vms\?site=region-east&status=Running$/);
  await expect(page.getByTestId('vm-row')).toHaveCount(count);

  await page.goto(`${app.baseUrl}/`);
  const before = await tile(VICTIM).getByTestId('overview-vms').innerText();
  await lab.setFaults(VICTIM, { partition: true });
  try {
    await expect(tile(VICTIM)).toHaveAttribute('data-state', 'unreachable', { timeout: 60_000 });
    // Last known counts, greyed with their age: never "down VMs".
    await expect(tile(VICTIM).getByTestId('overview-vms')).toHaveText(before);
    await expect(tile(VICTIM).getByTestId('overview-age')).toContainText('Last known');
    // Worst first: red tiles (alerts to act on) lead, then the unreachable site, then healthy ones.
    await expect
      .poll(async () => {
        const order = await page
          .getByTestId('overview-tile')
          .evaluateAll((els) => els.map((e) => e.getAttribute('data-site')));
        return order.indexOf(VICTIM) < order.indexOf('region-east');
      })
      .toBe(true);
    await shot(page, 'overview-site-unreachable-1920x1080.png');
    await page.getByTestId('overview-search').fill('central');
    await expect(page.getByTestId('overview-tile')).toHaveCount(1);
    await expect(page).toHaveURL(/\?q=central$/);
  } finally {
    await lab.setFaults(VICTIM, null);
  }
  await page.goto(`${app.baseUrl}/`);
  await expect(tile(VICTIM)).not.toHaveAttribute('data-state', 'unreachable', { timeout: 60_000 });
});
