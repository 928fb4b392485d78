/**
 * The life of one VM through the UI, against the lab that `npm start` runs: create it with the
 * form, watch it reach Running, stop it, change its memory in the YAML editor, survive a
 * concurrent change (409) by re-applying on top, read the page in Chinese, delete it.
 */
import type { Page } from '@playwright/test';
import { stringify } from 'yaml';
import { pageApi } from './fixtures/page-api';
import { expect, test } from './fixtures/test';

const SITE = 'central';
const NS = 'default';

const api = pageApi;

const vmPath = (name: string) => `/k8s/${SITE}/apis/kubevirt.io/v1/namespaces/${NS}/virtualmachines/${encodeURIComponent(name)}`;

interface Vm {
  metadata: { resourceVersion?: string; labels?: Record<string, string>; managedFields?: unknown };
  spec: { template: { spec: { domain: { memory?: { guest?: string } } } } };
  status?: unknown;
}

/** The YAML a user would type: the object without status, with one field changed. */
function editedYaml(vm: Vm, memory: string): string {
  const copy = structuredClone(vm);
  delete copy.status;
  delete copy.metadata.managedFields;
  copy.spec.template.spec.domain.memory = { ...copy.spec.template.spec.domain.memory, guest: memory };
  return stringify(copy);
}

/** Replaces the editor's whole text the way a paste does. */
async function replaceEditorText(page: Page, text: string): Promise<void> {
  const editor = page.locator('.cm-content');
  await expect(editor).toBeVisible();
  await editor.click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.insertText(text);
}

async function status(page: Page, value: string): Promise<void> {
  await expect(page.locator('[data-testid=vm-status] [data-status]')).toHaveAttribute('data-status', value, { timeout: 90_000 });
}

/** Visible text of the detail area that is UI wording (data values are marked translate="no"). */
async function englishLeft(page: Page, dataValues: string[]): Promise<string[]> {
  const texts = await page.getByTestId('vm-detail').evaluate((root) => {
    const out: string[] = [];
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      if (!el || el.closest('[translate="no"]') || !n.textContent?.trim()) continue;
      const style = getComputedStyle(el);
      if (style.display === 'none' || style.visibility === 'hidden' || el.closest('.sr-only')) continue;
      out.push(n.textContent.trim());
    }
    return out;
  });
  // Product and API terms stay as they are in Chinese UIs; quantities and data values are data.
  const allowed = /\b(VM|VMI|YAML|IP|vCPU|CPU|PVC|DataVolume|VNC|MAC|HTTP|Pod|Multus|SR-IOV|Ki|Mi|Gi|Ti)\b/g;
  return texts
    .map((t) => dataValues.reduce((acc, v) => acc.split(v).join(' '), t).replace(/\d+(\.\d+)?(Ki|Mi|Gi|Ti)/g, ' ').replace(allowed, ' '))
    .filter((t) => /[A-Za-z]{2,}/.test(t));
}

test('create, run, stop, edit, resolve a conflict, translate and delete a VM', async ({ signedInPage: page, baseUrl }, testInfo) => {
  test.setTimeout(300_000);
  const name = `e2e-life-${Date.now().toString(36)}`;

  await test.step('create through the form', async () => {
    await page.goto(`${baseUrl}/vms/new?site=${SITE}&namespace=${NS}`);
    await page.locator('input[name=name]').fill('Not_Valid');
    await page.getByTestId('create-submit').click();
    await expect(page.getByTestId('error-name')).toBeVisible();
    await expect(page.locator('input[name=memory]')).toHaveValue('1Gi');
    await page.locator('input[name=memory]').fill('512Mi');
    await page.locator('input[name=ciPassword]').fill('e2e-secret');
    // The cluster refuses a name that is taken; everything typed stays.
    await page.locator('input[name=name]').fill('web-01');
    await page.locator('input[name=namespace]').fill('production');
    await page.getByTestId('create-submit').click();
    await expect(page.getByTestId('api-error')).toContainText('already exists');
    await expect(page.locator('input[name=memory]')).toHaveValue('512Mi');
    await expect(page.locator('input[name=ciPassword]')).toHaveValue('e2e-secret');
    await page.locator('input[name=namespace]').fill(NS);
    await page.locator('input[name=name]').fill(name);
    await page.locator('[data-tab=yaml]').click();
    await expect(page.getByTestId('create-yaml')).toContainText(name);
    await expect(page.getByTestId('create-yaml')).toContainText('512Mi');
    await page.locator('[data-tab=form]').click();
    await expect(page.locator('input[name=name]')).toHaveValue(name);
    await page.screenshot({ path: testInfo.outputPath('vm-create-form.png'), fullPage: true });
    await page.getByTestId('create-submit').click();
    await expect(page).toHaveURL(new RegExp(`/vms/${SITE}/${NS}/${name}$`), { timeout: 60_000 });
    await expect(page.getByTestId('vm-name')).toHaveText(name);
  });

  await test.step('it starts and reaches Running', async () => {
    await status(page, 'Running');
    await expect(page.getByTestId('run-strategy')).toContainText('Always');
    await expect(page.locator('[data-action=stop]')).toBeEnabled();
    await expect(page.locator('[data-action=start]')).toBeDisabled();
    await page.screenshot({ path: testInfo.outputPath('vm-detail-running.png'), fullPage: true });
  });

  await test.step('stop it, with confirmation', async () => {
    await page.locator('[data-action=stop]').click();
    await expect(page.getByTestId('confirm-dialog')).toBeVisible();
    await page.getByTestId('confirm-ok').click();
    await status(page, 'Stopped');
    await expect(page.locator('[data-action=start]')).toBeEnabled();
  });

  await test.step('edit its memory in YAML (dry run, then save)', async () => {
    await page.locator('[data-tab=yaml]').click();
    await expect(page.getByTestId('yaml-state')).toContainText('Matches the cluster');
    const current = await api<Vm>(page, 'GET', vmPath(name));
    await replaceEditorText(page, editedYaml(current.json, '768Mi'));
    await expect(page.getByTestId('yaml-state')).toHaveText('Unsaved changes');
    await page.getByTestId('yaml-save').click();
    await expect(page.getByTestId('yaml-state')).toHaveText('Saved.');
    // Broken YAML is reported at its line and the text is kept.
    const saved = await api<Vm>(page, 'GET', vmPath(name));
    await replaceEditorText(page, `${editedYaml(saved.json, '768Mi')}extra: [unclosed\n`);
    await page.getByTestId('yaml-save').click();
    await expect(page.getByTestId('yaml-problems')).toContainText('Line');
    await expect(page.locator('.cm-content')).toContainText('extra: [unclosed');
    // The cluster's validation error is shown next to the field (dry run, nothing saved).
    await replaceEditorText(page, editedYaml(saved.json, '768Mi').replace('runStrategy: Halted', 'runStrategy: Sometimes'));
    await page.getByTestId('yaml-save').click();
    await expect(page.getByTestId('yaml-problems')).toContainText('runStrategy');
    await page.getByTestId('yaml-discard').click();
    await expect(page.getByTestId('yaml-state')).toContainText('Matches the cluster');
    const after = await api<Vm>(page, 'GET', vmPath(name));
    expect(after.json.spec.template.spec.domain.memory?.guest).toBe('768Mi');
  });

  await test.step('a concurrent change gives a 409 that is resolved by re-applying', async () => {
    const base = await api<Vm>(page, 'GET', vmPath(name));
    await replaceEditorText(page, editedYaml(base.json, '1Gi'));
    // Someone else labels the VM while the editor holds unsaved text.
    const other = await page.context().newPage();
    await other.goto(`${baseUrl}/vms`);
    const patched = await api<Vm>(other, 'PATCH', vmPath(name), { metadata: { labels: { 'changed-by': 'e2e-other-user' } } }, 'application/merge-patch+json');
    expect(patched.status).toBe(200);
    await other.close();
    // The live watch tells the editor the VM moved on; the user's text must stay as typed.
    await expect(page.getByTestId('yaml-stale')).toBeVisible();
    await expect(page.locator('.cm-content')).toContainText('guest: 1Gi');
    await page.getByTestId('yaml-save').click();
    const conflict = page.getByTestId('yaml-conflict');
    await expect(conflict).toBeVisible();
    await expect(page.getByTestId('server-changes')).toContainText('e2e-other-user');
    await expect(page.getByTestId('my-changes')).toContainText('1Gi');
    // Nothing was overwritten: the server still has the other user's label and the old memory.
    const during = await api<Vm>(page, 'GET', vmPath(name));
    expect(during.json.spec.template.spec.domain.memory?.guest).toBe('768Mi');
    await page.screenshot({ path: testInfo.outputPath('vm-yaml-conflict.png'), fullPage: true });
    await page.getByTestId('reapply').click();
    await expect(conflict).toBeHidden();
    await page.getByTestId('yaml-save').click();
    await expect(page.getByTestId('yaml-state')).toHaveText('Saved.');
    const merged = await api<Vm>(page, 'GET', vmPath(name));
    expect(merged.json.spec.template.spec.domain.memory?.guest).toBe('1Gi');
    expect(merged.json.metadata.labels?.['changed-by']).toBe('e2e-other-user');
  });

  await test.step('switching to 简体中文 translates the page', async () => {
    await page.locator('[data-tab=overview]').click();
    await expect(page.getByTestId('overview')).toBeVisible();
    await page.getByTestId('language-switch').click();
    await page.getByRole('menuitemradio', { name: '简体中文' }).click();
    await expect(page.locator('[data-tab=overview]')).toHaveText('概览');
    await expect(page.locator('[data-action=delete]')).toHaveText('删除');
    const left = await englishLeft(page, [name, NS, SITE]);
    expect(left, `English text left on the page: ${JSON.stringify(left)}`).toEqual([]);
    await page.screenshot({ path: testInfo.outputPath('vm-detail-zh.png'), fullPage: true });
    await page.getByTestId('language-switch').click();
    await page.getByRole('menuitemradio', { name: 'English' }).click();
    await expect(page.locator('[data-tab=overview]')).toHaveText('Overview');
  });

  await test.step('delete it by typing its name', async () => {
    await page.locator('[data-action=delete]').click();
    await expect(page.getByTestId('confirm-ok')).toBeDisabled();
    await page.getByTestId('confirm-name').fill(name);
    await page.getByTestId('confirm-ok').click();
    await expect(page).toHaveURL(/\/vms(\?|$)/);
    await expect.poll(async () => (await api(page, 'GET', vmPath(name))).status, { timeout: 60_000 }).toBe(404);
  });
});
