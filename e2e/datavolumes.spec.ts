/**
 * The DataVolumes page against the lab that `npm start` runs: every site's DataVolumes live on
 * the one watch socket, phase in words, progress from status.progress, the VM that uses each,
 * filters in the URL, and the detail view with conditions and events.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures/test';
import { shot } from './fixtures/screens';

const SITES = ['central', 'region-east', 'site-factory-01'];

async function createDvs(page: Page, sites: string[], dv: object): Promise<number[]> {
  return page.evaluate(
    async ({ sites, dv }) => {
      const { csrfToken } = (await (await fetch('/api/session')).json()) as { csrfToken: string };
      const out: number[] = [];
      for (const site of sites) {
        const res = await fetch(`/k8s/${site}/apis/cdi.kubevirt.io/v1beta1/namespaces/default/datavolumes`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': csrfToken }, body: JSON.stringify(dv) });
        out.push(res.status);
      }
      return out;
    },
    { sites, dv },
  );
}

test('lists the DataVolumes of every site live, with progress and the VM that uses each', async ({ signedInPage: page, baseUrl }) => {
  await page.goto('about:blank');
  const sockets: string[] = [];
  page.on('websocket', (ws) => sockets.push(new URL(ws.url()).pathname));
  await page.goto(`${baseUrl}/datavolumes`);
  for (const site of SITES) await expect(page.locator(`[data-testid=site-freshness][data-site="${site}"]`)).toHaveAttribute('data-health', 'live');
  expect(sockets).toEqual(['/api/watch']);

  // The demo's HTTP import runs at 256 KiB/s for about 50 minutes: its bar moves while the page is open.
  const win = page.locator('[data-testid=dv-row][data-dv="central/edge-apps/win-import-disk"]');
  await expect(win.locator('[data-phase]')).toHaveAttribute('data-phase', 'ImportInProgress');
  await expect(win.locator('[data-phase]')).toHaveText('Importing');
  const bar = win.getByRole('progressbar');
  await expect(bar).toHaveAttribute('aria-valuenow', /^[0-9.]+$/);
  const first = Number(await bar.getAttribute('aria-valuenow'));
  await expect.poll(async () => Number(await bar.getAttribute('aria-valuenow')), { timeout: 60_000 }).toBeGreaterThan(first);
  await expect(win.getByTestId('dv-progress')).toHaveAttribute('data-progress', /^\d+\.\d\d%$/);
  await expect(win.getByTestId('dv-vm')).toHaveText('win-import');
  await expect(win.getByTestId('dv-vm')).toHaveAttribute('href', '/vms/central/edge-apps/win-import');
  await expect(win).toContainText('shared-nfs');
  await expect(win).toContainText('1Gi');

  // A DataVolume made elsewhere appears without a reload, on every site, with its phase in words.
  const name = `blank-${Date.now().toString(36)}`;
  const dv = { apiVersion: 'cdi.kubevirt.io/v1beta1', kind: 'DataVolume', metadata: { name, namespace: 'default' }, spec: { source: { blank: {} }, storage: { storageClassName: 'local-path', resources: { requests: { storage: '2Gi' } } } } };
  expect(await createDvs(page, SITES, dv)).toEqual(SITES.map(() => 201));
  for (const site of SITES) {
    const row = page.locator(`[data-testid=dv-row][data-dv="${site}/default/${name}"]`);
    await expect(row.locator('[data-phase]')).toHaveAttribute('data-phase', 'WaitForFirstConsumer');
    await expect(row.locator('[data-phase]')).toHaveText('Waits for its first VM');
    await expect(row).toContainText('ReadWriteOnce / Filesystem');
    await expect(row).toContainText('not used by a VM');
  }
  await page.locator(`[data-testid=dv-row][data-dv="central/default/${name}"] [data-phase]`).hover();
  await expect(page.getByRole('tooltip')).toContainText('Waits for its first VM: Storage binds when a VM using it starts');
  await shot(page, 'datavolumes-all-sites.png');
});

test('filters live in the URL', async ({ signedInPage: page, baseUrl }) => {
  await page.goto(`${baseUrl}/datavolumes?site=central&phase=ImportInProgress`);
  await expect(page.locator('[data-testid=dv-row][data-dv="central/edge-apps/win-import-disk"]')).toBeVisible();
  await expect(page.getByTestId('dv-filter-site')).toHaveValue('central');
  await expect(page.getByTestId('dv-filter-phase')).toHaveValue('ImportInProgress');
  // Other tests import into the same lab while this one runs: every row shown must be of the
  // filtered site and phase, whichever rows they are.
  const shown = await page.getByTestId('dv-row').evaluateAll((rows) => rows.map((r) => [r.getAttribute('data-dv') ?? '', r.querySelector('[data-phase]')?.getAttribute('data-phase') ?? '']));
  expect(shown.length).toBeGreaterThan(0);
  for (const [id, phase] of shown) {
    expect(id).toMatch(/^central\//);
    expect(phase).toBe('ImportInProgress');
  }

  await page.getByTestId('dv-filter-phase').selectOption('WaitForFirstConsumer');
  await expect(page).toHaveURL(/phase=WaitForFirstConsumer/);
  await expect(page.locator('[data-testid=dv-row][data-dv="central/production/db-01-data"], [data-testid=dv-row][data-dv^="central/"]').first()).toBeVisible();
  for (const phase of await page.locator('[data-testid=dv-row] [data-phase]').evaluateAll((els) => els.map((e) => e.getAttribute('data-phase')))) expect(phase).toBe('WaitForFirstConsumer');

  await page.getByTestId('dv-search').fill('no-such-volume-anywhere');
  await expect(page).toHaveURL(/q=no-such-volume-anywhere/);
  await expect(page.getByText('No DataVolume matches these filters')).toBeVisible();
  await page.reload();
  await expect(page.getByTestId('dv-search')).toHaveValue('no-such-volume-anywhere');
  await expect(page.getByText('No DataVolume matches these filters')).toBeVisible();
});

test('narrows to a region of sites in the URL, watching only those sites', async ({ signedInPage: page, baseUrl }) => {
  // The lab puts central in region hq, region-east and site-factory-01 in region east.
  await page.goto(`${baseUrl}/datavolumes?region=hq`);
  await expect(page.locator('[data-testid=dv-row][data-dv="central/edge-apps/win-import-disk"]')).toBeVisible();
  await expect(page.getByTestId('dv-filter-region')).toHaveValue('hq');
  for (const id of await page.getByTestId('dv-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-dv') ?? '')))
    expect(id).toMatch(/^central\//);
  await expect(page.locator('[data-testid=site-freshness][data-site="region-east"]')).toHaveCount(0);
  await page.getByTestId('dv-filter-region').selectOption('east');
  await expect(page).toHaveURL(/[?&]region=east(&|$)/);
  await expect(page.locator('[data-testid=site-freshness][data-site="region-east"]')).toBeVisible();
  await expect(page.locator('[data-testid=dv-row][data-dv^="central/"]')).toHaveCount(0);
  await expect(page.getByTestId('dv-filter-site').locator('option')).toHaveText(['All sites', 'region-east', 'site-factory-01']);
});

test('the detail view shows conditions, events and progress, live', async ({ signedInPage: page, baseUrl }) => {
  await page.goto(`${baseUrl}/datavolumes?site=central&q=win-import-disk`);
  await page.locator('[data-testid=dv-row][data-dv="central/edge-apps/win-import-disk"]').getByRole('link', { name: 'win-import-disk' }).click();
  await expect(page).toHaveURL(/\/datavolumes\/central\/edge-apps\/win-import-disk$/);
  await expect(page.getByRole('heading', { name: 'win-import-disk' })).toBeVisible();
  await expect(page.getByTestId('dv-phase-explanation')).toHaveText('The image is being downloaded and written to the volume.');
  const conditions = page.getByTestId('conditions');
  for (const type of ['Bound', 'Running', 'Ready']) await expect(conditions.locator('tr td:first-child', { hasText: new RegExp(`^${type}$`) })).toHaveCount(1);
  await expect(conditions).toContainText('PVC win-import-disk Bound');
  await expect(conditions).toContainText('TransferRunning');
  const events = page.getByTestId('events');
  await expect(events.locator('[data-event-reason=ImportInProgress]')).toBeVisible();
  await expect(events.locator('[data-event-reason=ProvisioningSucceeded]')).toContainText('PVC');
  await expect(page.getByTestId('dv-source')).toContainText('/images/windows-server-2022.img');
  await expect(page.getByTestId('dv-target')).toContainText('shared-nfs');
  await expect(page.getByTestId('dv-target')).toContainText('ReadWriteMany');
  const bar = page.getByRole('progressbar');
  const first = Number(await bar.getAttribute('aria-valuenow'));
  await expect.poll(async () => Number(await bar.getAttribute('aria-valuenow')), { timeout: 60_000 }).toBeGreaterThan(first);
  await shot(page, 'datavolume-detail.png');
});
