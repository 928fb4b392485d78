/**
 * The cross-site pre-flight's disks line against the lab that `npm start` runs: the demo's
 * db-01 (central) has a DataVolume disk, so moving it needs a copy on the target. The line
 * offers the import of the same source there; the offer opens the import wizard in a new tab
 * holding the copy (name, source, size); creating it turns the line green in the wizard that
 * stayed open, from the target's live DataVolume list.
 */
import { pageApi } from './fixtures/page-api';
import { shot } from './fixtures/screens';
import { expect, test } from './fixtures/test';

const TARGET = 'region-east';
const DV = `/k8s/${TARGET}/apis/cdi.kubevirt.io/v1beta1/namespaces/default/datavolumes/db-01-data`;

test('a DataVolume disk without a copy on the target: the pre-flight offers the import there, then passes', async ({
  signedInPage: page,
  baseUrl,
}) => {
  test.setTimeout(180_000);
  await page.goto(`${baseUrl}/vms/central/production/db-01`);
  // A left-over copy from an earlier try would make the line pass at once.
  expect((await pageApi(page, 'GET', DV)).status).toBe(404);
  try {
    await page.getByTestId('xsite-open').click({ timeout: 90_000 });
    const wizard = page.getByTestId('xsite-wizard');
    await wizard.getByTestId('xsite-target').selectOption(TARGET);
    await wizard.getByTestId('xsite-namespace').fill('default');
    const disks = wizard.getByTestId('xsite-preflight-disks');
    await expect(disks).toHaveAttribute('data-reason', 'disksNeedCopy', { timeout: 30_000 });
    await expect(disks).toHaveAttribute('data-ok', 'false');
    await expect(disks).toContainText('db-01-data must first be copied to the target');
    await shot(page, 'disks-need-copy.png');

    const [tab] = await Promise.all([
      page.context().waitForEvent('page'),
      disks.locator('[data-testid=xsite-copy-disk][data-claim=db-01-data]').click(),
    ]);
    const form = tab.getByTestId('dv-create');
    await expect(tab.getByTestId('dv-copy-of')).toContainText('A copy of db-01-data from site central (production)');
    await expect(form.locator('select[name=site]')).toHaveValue(TARGET);
    await expect(form.locator('[name=namespace]')).toHaveValue('default');
    await expect(form.locator('[name=name]')).toHaveValue('db-01-data');
    await expect(form.locator('[name=sourceKind][value=blank]')).toBeChecked();
    await expect(form.locator('[name=size]')).toHaveValue('10Gi');
    await shot(tab, 'copy-form.png', { fullPage: true });
    await tab.getByTestId('dv-create-submit').click();
    await expect(tab).toHaveURL(`${baseUrl}/datavolumes/${TARGET}/default/db-01-data`);
    const created = await pageApi<{ spec: { source?: object; storage?: { storageClassName?: string } } }>(page, 'GET', DV);
    expect(created.status).toBe(200);
    expect(created.json.spec.source).toEqual({ blank: {} });
    await tab.close();

    // The wizard stayed open and saw the copy arrive.
    await expect(disks).toHaveAttribute('data-reason', 'disksCopied', { timeout: 30_000 });
    await expect(disks).toHaveAttribute('data-ok', 'true');
    await shot(page, 'disks-copied.png');
  } finally {
    await pageApi(page, 'DELETE', DV);
  }
});
