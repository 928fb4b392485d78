/**
 * The Migrations page against the lab's demo fleet: the pre-flight dialog refuses a VM on a
 * ReadWriteOnce disk and says why, starts a migration of a shared-nothing VM that then completes
 * live on the page, refuses and then cancels the demo's slow one (its VMIM goes, the VM stays on its node), and keeps the
 * filters in the URL.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures/test';

const SITE = 'central';
const NS = 'production';

async function vmiNode(page: Page, name: string): Promise<string> {
  return page.evaluate(async (path) => {
    const res = await fetch(path, { headers: { accept: 'application/json' } });
    return ((await res.json()) as { status?: { nodeName?: string } }).status?.nodeName ?? '';
  }, `/k8s/${SITE}/apis/kubevirt.io/v1/namespaces/${NS}/virtualmachineinstances/${name}`);
}

async function openStart(page: Page, vm: string): Promise<void> {
  await page.getByTestId('start-migration-open').click();
  const dialog = page.getByTestId('start-migration');
  await expect(dialog).toBeVisible();
  await dialog.getByTestId('start-site').selectOption(SITE);
  await dialog.getByTestId('start-vm').selectOption(`${NS}/${vm}`);
}

test('migrations: pre-flight, start, live phase, cancel, URL filters', async ({
  signedInPage: page,
  baseUrl,
}) => {
  test.setTimeout(180_000);
  await page.goto(`${baseUrl}/migrations?window=all`);
  await expect(page.getByRole('heading', { name: 'Migrations', exact: true })).toBeVisible();

  await test.step("the demo's running billing-api migration shows progress that never decreases", async () => {
    const rows = page.getByTestId('migration-row').filter({ has: page.getByRole('link', { name: 'billing-api' }) });
    // The demo starts it once billing-api runs (a real guest boots first, slower on a busy machine).
    await expect(rows.first()).toBeVisible({ timeout: 90_000 });
    // It takes minutes, not forever: when the tests before this one took longer, it has
    // ended (Succeeded, or Failed: under TCG a heavily dirtying guest can fail its post-migration
    // health probe); then this test starts the next one through the dialog.
    const running = page.locator('[data-testid="migration-row"][data-phase="Running"]').filter({ has: page.getByRole('link', { name: 'billing-api' }) });
    const ended = ['Succeeded', 'Failed'].includes((await rows.first().getAttribute('data-phase')) ?? '');
    if ((await running.count()) === 0 && ended) {
      await openStart(page, 'billing-api');
      await page.getByRole('dialog').getByRole('button', { name: 'Start migration' }).click();
      await expect(page.getByTestId('start-migration')).toBeHidden();
    }
    await expect(running).toHaveCount(1, { timeout: 60_000 });
    const row = page.locator(`[data-testid="migration-row"][data-vmim="${await running.getAttribute('data-vmim')}"]`);
    const bar = row.getByTestId('migration-progress');
    await expect(bar).toBeVisible({ timeout: 30_000 });
    await expect(row.getByTestId('migration-percent')).toHaveText(/^\d+%$/);
    const samples: number[] = [];
    for (let i = 0; i < 6; i++) {
      samples.push(Number(await bar.getAttribute('data-bar')));
      await page.waitForTimeout(1500);
    }
    for (let i = 1; i < samples.length; i++) expect(samples[i]).toBeGreaterThanOrEqual(samples[i - 1]!);
    expect(samples[samples.length - 1]).toBeGreaterThan(0);
    await page.screenshot({ path: test.info().outputPath('migrations-running.png'), fullPage: true });
  });

  await test.step('a VM on a ReadWriteOnce disk fails pre-flight with reasons and Start stays off', async () => {
    await openStart(page, 'db-01');
    await expect(page.getByTestId('preflight-migratable')).toHaveAttribute('data-ok', 'false');
    await expect(page.getByTestId('preflight-migratable')).toContainText('LiveMigratable=False');
    await expect(page.getByTestId('preflight-disks')).toHaveAttribute('data-ok', 'false');
    await expect(page.getByTestId('preflight-disks')).toContainText('db-01-data');
    await expect(page.getByRole('button', { name: 'Start migration' }).last()).toBeDisabled();
    await page.screenshot({ path: test.info().outputPath('preflight-blocked.png') });
    await page.getByRole('button', { name: 'Cancel', exact: true }).click();
  });

  const source = await vmiNode(page, 'web-01');
  await test.step('web-01 passes, starts, and completes on another node', async () => {
    await openStart(page, 'web-01');
    for (const line of ['migratable', 'disks', 'networks', 'cpu', 'target'])
      await expect(page.getByTestId(`preflight-${line}`)).toHaveAttribute('data-ok', 'true');
    const start = page.getByRole('dialog').getByRole('button', { name: 'Start migration' });
    await expect(start).toBeEnabled();
    await start.click();
    await expect(page.getByTestId('start-migration')).toBeHidden();
    const row = page
      .getByTestId('migration-row')
      .filter({ has: page.getByRole('link', { name: 'web-01' }) })
      .first();
    await expect(row).toBeVisible();
    await expect(row).toHaveAttribute('data-phase', 'Succeeded', { timeout: 60_000 });
    await expect(row.getByTestId('migration-phase')).toHaveText('completed');
    const target = await vmiNode(page, 'web-01');
    expect(target).not.toBe(source);
    await expect(row).toContainText(`${source} → ${target}`);
    await expect(row.getByRole('link', { name: 'web-01' })).toHaveAttribute(
      'href',
      `/vms/${SITE}/${NS}/web-01/migrations`,
    );
  });

  await test.step('filters live in the URL and survive a reload', async () => {
    await page.getByTestId('filter-phase').selectOption('succeeded');
    await expect(page).toHaveURL(/phase=succeeded/);
    await page.reload();
    await expect(page.getByTestId('filter-phase')).toHaveValue('succeeded');
    await expect(page.getByTestId('filter-window')).toHaveValue('all');
    await expect(page.getByTestId('migration-row').first()).toHaveAttribute('data-phase', 'Succeeded');
  });
});
