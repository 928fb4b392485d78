/**
 * The interface editor against the lab `npm start` runs: outcomes and migration badges before
 * commit, the VM's interfaces with addresses after it starts, and a bridge-on-pod-network VM
 * whose Migrate action is disabled with the same reason the form showed.
 */
import { expect, type Page } from '@playwright/test';
import { test } from './fixtures/test';
import { shot } from './fixtures/screens';

const SITE = 'central';
const NS = 'default';


async function openForm(page: Page, baseUrl: string, name: string) {
  await page.goto(`${baseUrl}/vms/new?site=${SITE}&namespace=${NS}`);
  await page.locator('input[name=name]').fill(name);
  await expect(page.locator('[data-interface=default]')).toBeVisible();
}

test('two interfaces through the form: badges before commit, addresses after start', async ({
  signedInPage: page,
  baseUrl,
}) => {
  test.setTimeout(240_000);
  const name = `e2e-net-${Date.now().toString(36)}`;
  await openForm(page, baseUrl, name);
  const pod = page.locator('[data-interface=default]');
  await expect(pod.locator('[data-binding=masquerade]')).toContainText('NAT behind the node');
  await expect(pod.locator('[data-binding=masquerade] [data-badge=migratable]')).toBeVisible();
  await expect(pod.locator('[data-binding=bridge] [data-badge=blocks]')).toContainText(
    'cannot migrate VMI which does not use masquerade',
  );
  await expect(pod.locator('[data-binding=sriov]')).toContainText(
    'SRIOV interface only implemented with multus network',
  );
  await page.getByTestId('add-interface').click();
  const sec = page.locator('[data-interface=net1]');
  await sec.locator('select[name=network-net1]').selectOption('default/vlan-100');
  await expect(sec.locator('[data-binding=bridge]')).toContainText('The VM gets its own address on that LAN');
  await expect(sec.locator('[data-binding=bridge] [data-badge=migratable]')).toBeVisible();
  await expect(sec.locator('[data-binding=masquerade]')).toContainText(
    'Masquerade interface only implemented with pod network',
  );
  // A malformed MAC is refused in the form, in upstream's words, before the cluster sees it.
  await sec.locator('input[name=mac-net1]').fill('02:00:00:aa:bb');
  await expect(page.getByTestId('error-iface-net1')).toContainText(
    'has malformed MAC address (02:00:00:aa:bb)',
  );
  await sec.locator('input[name=mac-net1]').fill('02:00:00:aa:bb:01');
  await expect(page.getByTestId('error-iface-net1')).toHaveCount(0);
  await expect(page.getByTestId('vm-migration-verdict')).toContainText('live-migratable');
  await shot(page, 'interface-editor.png', { fullPage: true });
  await page.locator('[data-tab=yaml]').click();
  await expect(page.getByTestId('create-yaml')).toContainText('vlan-100');
  await expect(page.getByTestId('create-yaml')).toContainText('02:00:00:aa:bb:01');
  await page.locator('[data-tab=form]').click();
  await page.getByTestId('create-submit').click();
  await expect(page).toHaveURL(new RegExp(`/vms/${SITE}/${NS}/${name}$`), { timeout: 60_000 });
  await page.locator('[data-tab=network]').click();
  await expect(page.getByTestId('vmi-live-migratable')).toContainText('live-migratable', { timeout: 90_000 });
  await expect(page.getByTestId('ips-default')).toContainText(/\d+\.\d+\.\d+\.\d+/);
  await expect(page.getByTestId('ips-net1')).toContainText(/\d+\.\d+\.\d+\.\d+/);
  await expect(page.locator('[data-interface=net1]')).toContainText('02:00:00:aa:bb:01');
  await shot(page, 'vm-detail-interfaces.png', { fullPage: true });
});

test('bridge on the pod network: blocks live migration before and after start, Migrate disabled with the reason', async ({
  signedInPage: page,
  baseUrl,
}) => {
  test.setTimeout(240_000);
  const name = `e2e-podbr-${Date.now().toString(36)}`;
  await openForm(page, baseUrl, name);
  await page.locator('[data-interface=default] [data-binding=bridge] input').check();
  await expect(page.getByTestId('vm-migration-verdict')).toContainText(
    'blocks live migration: cannot migrate VMI which does not use masquerade',
  );
  await page.getByTestId('create-submit').click();
  await expect(page).toHaveURL(new RegExp(`/vms/${SITE}/${NS}/${name}$`), { timeout: 60_000 });
  await page.locator('[data-tab=network]').click();
  await expect(page.getByTestId('vmi-live-migratable')).toContainText(
    'blocks live migration: cannot migrate VMI which does not use masquerade',
    { timeout: 90_000 },
  );
  await expect(page.locator('[data-action=migrate]')).toBeDisabled();
  await expect(page.locator('[data-reason-for=migrate]')).toContainText('InterfaceNotLiveMigratable');
});
