/**
 * The Networks page against a lab in token mode: an operator creates a bridge + VLAN NAD
 * through the form, edits it, deletes it, per site; a viewer's create is refused by the
 * apiserver and the page shows the server's message with the form as typed.
 */
import { expect, type Page } from '@playwright/test';
import { startTokenConsole, type TokenConsole } from './fixtures/token-console';
import { test } from './fixtures/test';
import { shot } from './fixtures/screens';

let tc: TokenConsole;

test.beforeAll(async () => {
  test.setTimeout(900_000);
  tc = await startTokenConsole(['central', 'store-12'], 'networks-e2e-session-secret-0123456789abcdef');
});
test.afterAll(async () => {
  await tc?.stop();
});

async function fillBridge(page: Page, site: string, name: string, vlan: string) {
  await page.getByTestId('nad-create').click();
  const dlg = page.getByTestId('nad-editor');
  await dlg.locator('select[name=nad-site]').selectOption(site);
  await dlg.locator('input[name=nad-name]').fill(name);
  await dlg.locator('select[name=nad-kind]').selectOption('bridge');
  await dlg.locator('input[name=nad-bridge]').fill('br-ot');
  await dlg.locator('input[name=nad-vlan]').fill(vlan);
}

test('operator: create, edit and delete a NAD per site', async ({ browser }) => {
  test.setTimeout(300_000);
  const context = await tc.signIn(browser, 'operator');
  const page = await context.newPage();
  await page.goto(`${tc.baseUrl}/networks`);
  await expect(page.locator('[data-nad="central/default/vlan-100"]')).toContainText('bridge br1, VLAN 100');
  await expect(page.locator('[data-nad="central/default/sriov-net"]')).toContainText(
    'SR-IOV (intel.com/sriov_netdevice)',
  );
  await expect(page.getByTestId('net-migration-scan')).toContainText(
    /\d+ VMs? cannot live-migrate because of (its|their) network/,
  );
  for (const site of ['central', 'store-12']) {
    await fillBridge(page, site, 'plc-vlan', '30');
    await page.getByTestId('nad-save').click();
    await expect(page.getByTestId('nad-editor')).toHaveCount(0);
    await expect(page.locator(`[data-nad="${site}/default/plc-vlan"]`)).toContainText(
      'bridge br-ot, VLAN 30',
    );
  }
  await shot(page, 'networks-page.png', { fullPage: true });
  const row = page.locator('[data-nad="central/default/plc-vlan"]');
  await row.getByTestId('nad-edit').click();
  await page.getByTestId('nad-editor').locator('input[name=nad-vlan]').fill('31');
  await page.getByTestId('nad-save').click();
  await expect(row).toContainText('VLAN 31');
  await expect(page.locator('[data-nad="store-12/default/plc-vlan"]')).toContainText('VLAN 30');
  await row.getByTestId('nad-delete').click();
  await page.getByRole('dialog').getByRole('button', { name: 'Delete', exact: true }).click();
  await expect(row).toHaveCount(0);
  await expect(page.locator('[data-nad="store-12/default/plc-vlan"]')).toHaveCount(1);
  await context.close();
});

test('viewer: create refused by the server, its message shown, the form kept', async ({ browser }) => {
  test.setTimeout(300_000);
  const context = await tc.signIn(browser, 'viewer');
  const page = await context.newPage();
  await page.goto(`${tc.baseUrl}/networks`);
  await expect(page.locator('[data-nad="central/default/vlan-100"]')).toBeVisible();
  await fillBridge(page, 'central', 'viewer-net', '40');
  await page.getByTestId('nad-save').click();
  const err = page.getByTestId('nad-editor').getByTestId('api-error');
  await expect(err).toContainText(
    'is forbidden: User "viewer" cannot create resource "network-attachment-definitions"',
  );
  await expect(page.getByTestId('nad-editor').locator('input[name=nad-name]')).toHaveValue('viewer-net');
  await context.close();
});
