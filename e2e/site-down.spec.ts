/**
 * A site that drops off the WAN: the list says so in a banner and keeps its VMs at their last
 * known state (never "failed"), the other sites stay live, and the site comes back by itself.
 * Runs its own lab process (for the admin API's partition fault) and its own console on it.
 */
import { expect, test } from './fixtures/test';
import { startLabProcess, type LabProcess } from './fixtures/lab-process';
import { startConsole, type RunningConsole } from './fixtures/server';

const HEALTHY = 'central';
const VICTIM = 'site-factory-01';
let lab: LabProcess;
let consoleApp: RunningConsole;

test.beforeAll(async () => {
  lab = await startLabProcess({ sites: [HEALTHY, VICTIM] });
  consoleApp = await startConsole({ args: ['--kubeconfig', lab.kubeconfigPath] });
});

test.afterAll(async () => {
  await consoleApp?.stop();
  await lab?.stop();
});

test('an unreachable site shows its last known state, and recovers on its own', async ({ page }, testInfo) => {
  await page.goto(consoleApp.signInUrl);
  await expect(page.getByTestId('user-menu')).toBeVisible();
  await page.goto(`${consoleApp.baseUrl}/vms`);
  const freshness = (site: string) => page.locator(`[data-testid=site-freshness][data-site="${site}"]`);
  for (const site of [HEALTHY, VICTIM]) await expect(freshness(site)).toHaveAttribute('data-health', 'live');
  const victimRows = page.locator(`[data-testid=vm-row][data-vm^="${VICTIM}/"]`);
  await expect(victimRows.first()).toBeVisible();
  const before = await victimRows.count();

  await lab.setFaults(VICTIM, { partition: true });
  try {
    const banner = page.locator(`[data-testid=stale-banner][data-site="${VICTIM}"]`);
    await expect(banner).toBeVisible();
    await expect(banner).toContainText(VICTIM);
    await expect(freshness(VICTIM)).toHaveAttribute('data-health', 'unreachable');
    await expect(freshness(HEALTHY)).toHaveAttribute('data-health', 'live');
    await expect(page.locator(`[data-testid=stale-banner][data-site="${HEALTHY}"]`)).toHaveCount(0);
    // Last known state: the same VMs, marked stale, none turned into a failure.
    await expect(victimRows).toHaveCount(before);
    const badges = victimRows.locator('[data-status]');
    await expect(badges.first()).toHaveAttribute('data-stale', 'true');
    const statuses = await badges.evaluateAll((els) => els.map((e) => e.getAttribute('data-status')));
    expect(statuses.filter((s) => s === 'CrashLoopBackOff' || s === 'ErrorUnschedulable' || s === 'Unknown')).toEqual([]);
    await page.screenshot({ path: testInfo.outputPath('site-unreachable.png') });

    // A page opened while the site is down has no last known state to show, and says so
    // rather than "loading" forever.
    const fresh = await page.context().newPage();
    await fresh.goto(`${consoleApp.baseUrl}/vms?site=${VICTIM}`);
    await expect(fresh.locator(`[data-testid=stale-banner][data-site="${VICTIM}"]`)).toBeVisible();
    await expect(fresh.getByText('Nothing to show yet')).toBeVisible();
    await expect(fresh.getByText(/Loading VMs/)).toHaveCount(0);
    await fresh.close();
  } finally {
    await lab.setFaults(VICTIM, null);
  }
  await expect(page.locator(`[data-testid=stale-banner][data-site="${VICTIM}"]`)).toHaveCount(0, { timeout: 60_000 });
  await expect(freshness(VICTIM)).toHaveAttribute('data-health', 'live');
  await expect(victimRows.locator('[data-stale]')).toHaveCount(0);
});
