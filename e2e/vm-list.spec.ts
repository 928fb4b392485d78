/**
 * The fleet VM list against the lab that `npm start` runs: every site listed live, filters in
 * the URL, status badges with explanations, the site switcher, bulk actions with per-VM results.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures/test';

const SITES = ['central', 'region-east', 'site-factory-01'];

async function rowIds(page: Page): Promise<string[]> {
  return page.getByTestId('vm-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-vm') ?? ''));
}

test('lists the lab VMs of every site, live', async ({ signedInPage: page, baseUrl }, testInfo) => {
  // Count only the sockets of the list page's own document.
  await page.goto('about:blank');
  const sockets: string[] = [];
  page.on('websocket', (ws) => sockets.push(new URL(ws.url()).pathname));
  await page.goto(`${baseUrl}/vms`);
  for (const site of SITES) {
    // Every site streams (VMs and VMIs): the watches share one websocket, none is polled.
    await expect(page.locator(`[data-testid=site-freshness][data-site="${site}"]`)).toHaveAttribute('data-health', 'live');
  }
  expect(sockets).toEqual(['/api/watch']);
  await expect(page.getByTestId('vm-row').first()).toBeVisible();
  const ids = await rowIds(page);
  for (const site of SITES) expect(ids.some((id) => id.startsWith(`${site}/`)), `a VM of ${site}`).toBe(true);
  for (const col of ['Name', 'Namespace', 'Site', 'Status', 'Node', 'IP address', 'vCPU / Memory', 'Age']) {
    await expect(page.getByRole('columnheader', { name: col, exact: true })).toHaveCount(1);
  }
  await page.screenshot({ path: testInfo.outputPath('vm-list-all-sites.png') });
});

test('narrows to a tier or region of sites, kept in the URL, and watches only those sites', async ({ signedInPage: page, baseUrl }, testInfo) => {
  // The lab places central as the central cluster, region-east as the east hub, the rest at the edge.
  await page.goto(`${baseUrl}/vms?tier=edge`);
  await expect(page.getByTestId('vm-row').first()).toBeVisible();
  await expect(page.getByTestId('filter-tier')).toHaveValue('edge');
  expect(new Set((await rowIds(page)).map((id) => id.split('/')[0]))).toEqual(new Set(['site-factory-01']));
  await expect(page.locator('[data-testid=site-freshness][data-site="central"]')).toHaveCount(0);
  await page.getByTestId('filter-tier').selectOption('regional');
  await expect(page).toHaveURL(/[?&]tier=regional(&|$)/);
  await expect.poll(async () => new Set((await rowIds(page)).map((id) => id.split('/')[0]))).toEqual(new Set(['region-east']));
  await expect(page.getByTestId('filter-site').locator('option')).toHaveText(['All sites', 'region-east']);
  await page.getByTestId('filter-tier').selectOption('');
  await page.getByTestId('filter-region').selectOption('east');
  await expect(page).toHaveURL(/[?&]region=east(&|$)/);
  await expect.poll(async () => new Set((await rowIds(page)).map((id) => id.split('/')[0]))).toEqual(new Set(['region-east', 'site-factory-01']));
  await page.screenshot({ path: testInfo.outputPath('vm-list-region.png') });
});

test('shows a VM created elsewhere on every site without a reload', async ({ signedInPage: page, baseUrl }) => {
  await page.goto(`${baseUrl}/vms`);
  await expect(page.getByTestId('vm-row').first()).toBeVisible();
  const name = `live-${Date.now().toString(36)}`;
  // Another admin's change: straight to the API (through the BFF), not through this page's UI.
  const statuses = await page.evaluate(
    async ({ sites, name }) => {
      const { csrfToken } = (await (await fetch('/api/session')).json()) as { csrfToken: string };
      const out: number[] = [];
      for (const site of sites) {
        const vm = { apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachine', metadata: { name, namespace: 'default' }, spec: { runStrategy: 'Halted', template: { spec: { domain: { devices: {}, resources: { requests: { memory: '64Mi' } } } } } } };
        const res = await fetch(`/k8s/${site}/apis/kubevirt.io/v1/namespaces/default/virtualmachines`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': csrfToken }, body: JSON.stringify(vm) });
        out.push(res.status);
      }
      return out;
    },
    { sites: SITES, name },
  );
  expect(statuses).toEqual(SITES.map(() => 201));
  await page.getByTestId('vm-search').fill(name);
  for (const site of SITES) await expect(page.locator(`[data-testid=vm-row][data-vm="${site}/default/${name}"]`)).toBeVisible();
  await expect(page.locator(`[data-testid=vm-row][data-vm$="/${name}"] [data-status]`).first()).toHaveAttribute('data-status', 'Stopped');
});

test('filters live in the URL', async ({ signedInPage: page, baseUrl }, testInfo) => {
  await page.goto(`${baseUrl}/vms?site=central&status=Running`);
  await expect(page.getByTestId('vm-row').first()).toBeVisible();
  const ids = await rowIds(page);
  expect(ids.length).toBeGreaterThan(0);
  expect(ids.every((id) => id.startsWith('central/'))).toBe(true);
  const statuses = await page.locator('[data-testid=vm-row] [data-status]').evaluateAll((els) => els.map((e) => e.getAttribute('data-status')));
  expect(new Set(statuses)).toEqual(new Set(['Running']));
  await expect(page.getByTestId('filter-status')).toHaveValue('Running');
  await expect(page.getByTestId('filter-site')).toHaveValue('central');

  const first = ids[0]?.split('/')[2] ?? '';
  await page.getByTestId('vm-search').fill(first);
  await expect(page).toHaveURL(new RegExp(`[?&]q=${encodeURIComponent(first)}`));
  await expect(page.locator(`[data-testid=vm-row][data-vm="${ids[0]}"]`)).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('vm-list-filtered.png') });

  // The same URL in a new tab shows the same view.
  const again = await page.context().newPage();
  await again.goto(page.url());
  await expect(again.getByTestId('vm-search')).toHaveValue(first);
  await expect(again.locator(`[data-testid=vm-row][data-vm="${ids[0]}"]`)).toBeVisible();
  await again.close();
});

test('status badges explain themselves on hover', async ({ signedInPage: page, baseUrl }) => {
  await page.goto(`${baseUrl}/vms?status=Running`);
  const badge = page.locator('[data-testid=vm-row] [data-status=Running]').first();
  await badge.hover();
  await expect(page.getByRole('tooltip')).toContainText('The VM is running and its guest is up.');
  await page.goto(`${baseUrl}/vms?status=Stopped`);
  await page.locator('[data-testid=vm-row] [data-status=Stopped]').first().hover();
  await expect(page.getByRole('tooltip')).toContainText('not running and is not expected to run');
});

test('the header site switcher narrows the list to one site', async ({ signedInPage: page, baseUrl }, testInfo) => {
  await page.goto(`${baseUrl}/vms`);
  await expect(page.getByTestId('vm-row').first()).toBeVisible();
  await page.getByTestId('site-switcher').click();
  await page.locator('[role=menuitemradio][data-site="region-east"]').click();
  await expect(page).toHaveURL(/[?&]site=region-east/);
  await expect(page.getByTestId('site-switcher')).toContainText('region-east');
  await expect.poll(async () => (await rowIds(page)).every((id) => id.startsWith('region-east/'))).toBe(true);
  expect((await rowIds(page)).length).toBeGreaterThan(0);
  await expect(page.getByTestId('site-freshness')).toHaveCount(1);
  await page.screenshot({ path: testInfo.outputPath('vm-list-region-east.png') });
});

test('bulk start reports each VM, and a stopped VM comes up live', async ({ signedInPage: page, baseUrl }, testInfo) => {
  await page.goto(`${baseUrl}/vms?site=site-factory-01&status=Stopped`);
  const stopped = page.getByTestId('vm-row').first();
  await expect(stopped).toBeVisible();
  const stoppedId = (await stopped.getAttribute('data-vm')) ?? '';
  await stopped.getByRole('checkbox').check();
  // A running VM as well: its start is disabled, so bulk skips it with the action bar's reason.
  await page.getByTestId('filter-status').selectOption('Running');
  await expect(page).toHaveURL(/status=Running/);
  await expect(page.getByTestId('bulk-bar')).toContainText('1 selected');
  const running = page.getByTestId('vm-row').first();
  const runningId = (await running.getAttribute('data-vm')) ?? '';
  await running.getByRole('checkbox').check();
  await expect(page.getByTestId('bulk-bar')).toContainText('2 selected');
  await page.getByTestId('bulk-bar').locator('[data-action=start]').click();

  const results = page.getByTestId('bulk-results');
  await expect(results.locator(`[data-vm="${stoppedId}"]`)).toHaveAttribute('data-state', 'ok');
  await expect(results.locator(`[data-vm="${runningId}"]`)).toHaveAttribute('data-state', 'skipped');
  await expect(results.locator(`[data-vm="${runningId}"]`)).toContainText(/Skipped: (Run strategy \w+ starts the VM by itself|The VM already has a running instance)/);
  await expect(results).toContainText('1 skipped');
  await page.screenshot({ path: testInfo.outputPath('vm-list-bulk-results.png') });

  // The watch brings the started VM's new state without a reload.
  await page.getByTestId('filter-status').selectOption('');
  await page.getByTestId('vm-search').fill(stoppedId.split('/')[2] ?? '');
  await expect(page.locator(`[data-testid=vm-row][data-vm="${stoppedId}"] [data-status]`)).toHaveAttribute('data-status', /Starting|Running/, { timeout: 90_000 });

  // Stopping is destructive: it asks first.
  await page.locator(`[data-testid=vm-row][data-vm="${stoppedId}"]`).getByRole('checkbox').check();
  await page.getByTestId('bulk-bar').locator('[data-action=stop]').click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText('Stop 1 VM?');
  await expect(dialog).toContainText(stoppedId);
  await dialog.getByRole('button', { name: 'Stop' }).click();
  await expect(page.getByTestId('bulk-results').locator(`[data-vm="${stoppedId}"]`)).toHaveAttribute('data-state', 'ok');
  await expect(page.locator(`[data-testid=vm-row][data-vm="${stoppedId}"] [data-status]`)).toHaveAttribute('data-status', /Stopping|Stopped/, { timeout: 90_000 });
});

test('bulk delete sends what single delete sends: foreground propagation', async ({ signedInPage: page, baseUrl }) => {
  await page.goto(`${baseUrl}/vms?site=central`);
  await expect(page.getByTestId('vm-row').first()).toBeVisible();
  const names = ['bulkdel-a', 'bulkdel-b'].map((n) => `${n}-${Date.now().toString(36)}`);
  const statuses = await page.evaluate(async (names) => {
    const { csrfToken } = (await (await fetch('/api/session')).json()) as { csrfToken: string };
    const out: number[] = [];
    for (const name of names) {
      const vm = { apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachine', metadata: { name, namespace: 'default' }, spec: { runStrategy: 'Halted', template: { spec: { domain: { devices: {}, resources: { requests: { memory: '64Mi' } } } } } } };
      const res = await fetch('/k8s/central/apis/kubevirt.io/v1/namespaces/default/virtualmachines', { method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': csrfToken }, body: JSON.stringify(vm) });
      out.push(res.status);
    }
    return out;
  }, names);
  expect(statuses).toEqual([201, 201]);
  await page.getByTestId('vm-search').fill('bulkdel-');
  for (const name of names) await page.locator(`[data-testid=vm-row][data-vm="central/default/${name}"]`).getByRole('checkbox').check();
  await expect(page.getByTestId('bulk-bar')).toContainText('2 selected');
  const deletes: unknown[] = [];
  page.on('request', (r) => {
    if (r.method() === 'DELETE' && r.url().includes('/virtualmachines/bulkdel-')) deletes.push(r.postDataJSON());
  });
  await page.getByTestId('bulk-bar').locator('[data-action=delete]').click();
  await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
  for (const name of names) {
    await expect(page.getByTestId('bulk-results').locator(`[data-vm="central/default/${name}"]`)).toHaveAttribute('data-state', 'ok');
    await expect(page.locator(`[data-testid=vm-row][data-vm="central/default/${name}"]`)).toHaveCount(0);
  }
  expect(deletes).toEqual(names.map(() => ({ kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: 'Foreground' })));
});
