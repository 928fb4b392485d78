/**
 * The Migration policies page against the lab's demo fleet: the demo's slow-wan policy lists the
 * VM it applies to; a policy typed with bad values is refused field by field and the values
 * stay; fixed, it is created on the site and lists the one VM it selects; an edit shows the new
 * bandwidth; delete removes it.
 */
import { expect, test } from './fixtures/test';
import { shot } from './fixtures/screens';

const SITE = 'central';
const NAME = 'e2e-web-01';

test('migration policies: list with matched VMs, create with checks, edit, delete', async ({
  signedInPage: page,
  baseUrl,
}) => {
  test.setTimeout(120_000);
  await page.goto(`${baseUrl}/migrations`);
  await page.getByTestId('policies-link').click();
  await expect(page.getByRole('heading', { name: 'Migration policies', exact: true })).toBeVisible();

  const demo = page.locator(`[data-policy="${SITE}/slow-wan"]`);
  await expect(demo.getByTestId('policy-bandwidth')).toHaveText('32Mi/s');
  await expect(demo.getByTestId('policy-vms')).toContainText('production/billing-api');

  await page.getByTestId('policy-create').click();
  const editor = page.getByTestId('policy-editor');
  await editor.locator('[name="policy-site"]').selectOption(SITE);
  await editor.locator('[name="policy-name"]').fill('Bad_Name');
  await editor.locator('[name="policy-bandwidthPerMigration"]').fill('fast');
  await editor.locator('[name="policy-vmiSelector"]').fill('kubevirt.io/vm');
  await editor.getByTestId('policy-save').click();
  await expect(editor.getByTestId('error-policy-name')).toBeVisible();
  await expect(editor.getByTestId('error-policy-bandwidthPerMigration')).toContainText('Not a quantity');
  await expect(editor.getByTestId('error-policy-vmiSelector')).toBeVisible();
  await expect(editor.locator('[name="policy-bandwidthPerMigration"]')).toHaveValue('fast');

  await editor.locator('[name="policy-name"]').fill(NAME);
  await editor.locator('[name="policy-bandwidthPerMigration"]').fill('16Mi');
  await editor.locator('[name="policy-vmiSelector"]').fill('kubevirt.io/vm=web-01');
  await editor.locator('[name="policy-namespaceSelector"]').fill('kubernetes.io/metadata.name=production');
  await editor.locator('[name="policy-allowAutoConverge"]').check();
  await editor.getByTestId('policy-save').click();
  await expect(editor).toBeHidden();

  const row = page.locator(`[data-policy="${SITE}/${NAME}"]`);
  await expect(row.getByTestId('policy-bandwidth')).toHaveText('16Mi/s');
  await expect(row.getByTestId('policy-vms')).toHaveText('production/web-01');
  const saved = await page.evaluate(async (path) => {
    const res = await fetch(path, { headers: { accept: 'application/json' } });
    return (await res.json()) as { spec: Record<string, unknown> };
  }, `/k8s/${SITE}/apis/migrations.kubevirt.io/v1alpha1/migrationpolicies/${NAME}`);
  expect(saved.spec).toMatchObject({
    bandwidthPerMigration: '16Mi',
    allowAutoConverge: true,
    allowPostCopy: false,
    selectors: {
      virtualMachineInstanceSelector: { 'kubevirt.io/vm': 'web-01' },
      namespaceSelector: { 'kubernetes.io/metadata.name': 'production' },
    },
  });

  await row.getByTestId('policy-edit').click();
  await expect(editor.locator('[name="policy-name"]')).toBeDisabled();
  await editor.locator('[name="policy-bandwidthPerMigration"]').fill('64Mi');
  await editor.getByTestId('policy-save').click();
  await expect(editor).toBeHidden();
  await expect(row.getByTestId('policy-bandwidth')).toHaveText('64Mi/s');
  await shot(page, 'policies.png', { fullPage: true });

  await row.getByTestId('policy-delete').click();
  await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
  await expect(row).toHaveCount(0);
});
