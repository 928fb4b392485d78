/**
 * Live migration of a real QEMU guest from one lab site to another through the VM page's
 * wizard: pre-flight, receiver and both VMIMs created by the console as the user, progress, the
 * target's serial console showing the same boot (/proc/uptime keeps counting), the source VM no
 * longer running, the fleet list showing the VM under the new site. Then, with the link slowed
 * below what the VM needs (admin /links) and the source's bandwidthPerMigration saying so, the
 * pre-flight predicts trouble and the migration fails with the reason, the source still running.
 */
import type { BrowserContext, Page } from '@playwright/test';
import { buildVm } from '../lab/demo/vm-builder';
import { startConsoleStack, type ConsoleStack } from '../tests/support/console-stack';
import { expectConsoleState, signedInContext, terminalText } from '../tests/support/e2e-session';
import { requireQemu } from '../tests/support/qemu-required';
import { pageApi } from './fixtures/page-api';
import { expect, test } from './fixtures/test';
import { shot } from './fixtures/screens';

const A = 'xa';
const B = 'xb';
const NS = 'default';
const KV = '/apis/kubevirt.io/v1/namespaces/kubevirt/kubevirts/kubevirt';
/** A line of /proc/uptime: seconds up, seconds idle. */
const UPTIME = /^(\d+\.\d+) \d+\.\d+\s*$/gm;

let stack: ConsoleStack;
let context: BrowserContext;
let page: Page;

test.describe.configure({ mode: 'serial' });

const api = <T>(method: string, path: string, body?: unknown, contentType?: string) =>
  pageApi<T>(page, method, path, body, contentType);

const vmi = (site: string, name: string) =>
  `/k8s/${site}/apis/kubevirt.io/v1/namespaces/${NS}/virtualmachineinstances/${name}`;
const vm = (site: string, name: string) =>
  `/k8s/${site}/apis/kubevirt.io/v1/namespaces/${NS}/virtualmachines/${name}`;

async function setLink(body: Record<string, number>): Promise<void> {
  const r = await fetch(`${stack.adminUrl}/links/${A}/${B}`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${stack.adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(r.status).toBe(200);
}

async function setBandwidthCap(cap: string): Promise<void> {
  const r = await api(
    'PATCH',
    `/k8s/${A}${KV}`,
    { spec: { configuration: { migrations: { bandwidthPerMigration: cap } } } },
    'application/merge-patch+json',
  );
  expect(r.status).toBe(200);
}

type Vmi = { status?: { phase?: string; conditions?: { type: string; status: string }[] } };
const agentUp = (o: Vmi | null) =>
  o?.status?.phase === 'Running' &&
  !!o.status.conditions?.some((c) => c.type === 'AgentConnected' && c.status === 'True');

async function startVm(name: string, annotations?: Record<string, string>): Promise<void> {
  const r = await api(
    'POST',
    `/k8s/${A}/apis/kubevirt.io/v1/namespaces/${NS}/virtualmachines`,
    buildVm({ name, namespace: NS, memory: '128Mi', annotations }),
  );
  expect(r.status).toBe(201);
  await expect
    .poll(async () => agentUp((await api<Vmi>('GET', vmi(A, name))).json), {
      timeout: 240_000,
      intervals: [2_000],
    })
    .toBe(true);
}

async function uptime(site: string, name: string): Promise<number> {
  await page.goto(`${stack.baseUrl}/console/${site}/${NS}/${name}/serial`);
  await expectConsoleState(page, 'serial-console', 'connected', 180_000);
  await page.locator('[data-testid=serial-terminal] .xterm').click();
  await expect
    .poll(
      async () => {
        await page.keyboard.press('Enter');
        return terminalText(page);
      },
      { timeout: 180_000, intervals: [2_000] },
    )
    .toMatch(/:~# /);
  const seen = (await terminalText(page)).match(UPTIME)?.length ?? 0;
  await page.keyboard.type('cat /proc/uptime');
  await page.keyboard.press('Enter');
  await expect
    .poll(async () => (await terminalText(page)).match(UPTIME)?.length ?? 0, { timeout: 30_000 })
    .toBeGreaterThan(seen);
  const all = [...(await terminalText(page)).matchAll(UPTIME)];
  return Number(all[all.length - 1]?.[1]);
}

async function openWizard(name: string): Promise<void> {
  await page.goto(`${stack.baseUrl}/vms/${A}/${NS}/${name}`);
  await page.getByTestId('xsite-open').click();
  await expect(page.getByTestId('xsite-wizard')).toBeVisible();
  await page.getByTestId('xsite-target').selectOption(B);
  await expect(page.getByTestId('xsite-preflight')).toBeVisible({ timeout: 30_000 });
}

test.beforeAll(async ({ browser }) => {
  test.setTimeout(600_000);
  // Real QEMU guests only: the built-in guest would not show a real migration's boot.
  requireQemu();
  stack = await startConsoleStack({
    sites: [A, B],
    labArgs: ['--seed', 'infra'],
    labEnv: { EDGEVIRT_QEMU_CAP: '4' },
  });
  context = await signedInContext(browser, stack.signInUrl);
  page = await context.newPage();
  await page.goto(`${stack.baseUrl}/vms`);
  for (const site of [A, B]) {
    const r = await api(
      'PATCH',
      `/k8s/${site}${KV}`,
      [
        {
          op: 'add',
          path: '/spec/configuration/developerConfiguration/featureGates/-',
          value: 'DecentralizedLiveMigration',
        },
      ],
      'application/json-patch+json',
    );
    expect(r.status).toBe(200);
  }
});

test.afterAll(async () => {
  await context?.close();
  await stack?.stop();
});

test('a running guest moves to the other site through the wizard and keeps its boot', async () => {
  test.setTimeout(900_000);
  await setLink({ latencyMs: 10, bandwidthBytesPerSec: 64 * 2 ** 20 });
  await setBandwidthCap('64Mi');
  const name = 'xmove';
  await startVm(name);
  const before = await uptime(A, name);
  await openWizard(name);
  const wizard = page.getByTestId('xsite-wizard');
  await expect(wizard.getByTestId('xsite-preflight-gate')).toHaveAttribute('data-ok', 'true');
  await expect(wizard.getByTestId('xsite-preflight-link')).toHaveAttribute('data-reason', 'linkOk');
  await expect(wizard.getByTestId('xsite-preflight')).toHaveAttribute('data-ok', 'true');
  await shot(page, 'preflight-ok.png');
  await page.getByRole('button', { name: 'Start migration' }).click();
  await expect(wizard.getByTestId('xsite-step')).toHaveAttribute('data-step', 'migrating', {
    timeout: 120_000,
  });
  await shot(page, 'progress.png');
  await expect(wizard.getByTestId('xsite-done')).toContainText(`now runs on site ${B}`, { timeout: 300_000 });
  await shot(page, 'done.png');
  // Upstream leaves the source VM Halted; the wizard says so and deletes that copy when asked.
  await expect.poll(async () => (await api('GET', vmi(A, name))).status, { timeout: 60_000 }).toBe(404);
  expect((await api<{ spec: { runStrategy: string } }>('GET', vm(A, name))).json.spec.runStrategy).toBe(
    'Halted',
  );
  await expect(wizard.getByTestId('xsite-source-copy')).toContainText(`The stopped copy stays on ${A}`);
  await wizard.getByTestId('xsite-source-delete').click();
  await expect(wizard.getByTestId('xsite-source-deleted')).toBeVisible();
  await expect.poll(async () => (await api('GET', vm(A, name))).status, { timeout: 60_000 }).toBe(404);
  // The fleet list, still the same document (no reload): the VM runs under the new site only.
  await page.getByRole('button', { name: 'Close' }).click();
  await page.evaluate(() => ((window as unknown as { __noReload: boolean }).__noReload = true));
  await page.locator('nav').getByRole('link', { name: 'Virtual machines' }).click();
  const row = page.locator(`[data-vm="${B}/${NS}/${name}"]`);
  await expect(row).toBeVisible({ timeout: 60_000 });
  await expect(row).toContainText('Running', { timeout: 60_000 });
  expect(await page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).toBe(true);
  await expect(page.locator(`[data-vm="${A}/${NS}/${name}"]`)).toHaveCount(0);
  await shot(page, 'fleet-list.png');
  // The guest on the target is the same boot.
  const after = await uptime(B, name);
  expect(after).toBeGreaterThan(before);
});

test('on a link slower than the guest needs, the pre-flight predicts trouble and the migration fails, the source running', async () => {
  test.setTimeout(900_000);
  await setLink({ latencyMs: 40, bandwidthBytesPerSec: 512 * 1024 });
  await setBandwidthCap('512Ki');
  const name = 'xslow';
  await startVm(name, { 'lab.edgevirt.dev/dirty-rate': '4Mi' });
  await openWizard(name);
  const link = page.getByTestId('xsite-preflight-link');
  await expect(link).toHaveAttribute('data-ok', 'false');
  await expect(link).toHaveAttribute('data-reason', 'linkTooSlow');
  await shot(page, 'preflight-slow.png');
  await page.getByRole('button', { name: 'Start migration' }).click();
  // The end first, then its words: a different end or reason fails here with what it was.
  await expect(page.getByTestId('xsite-step')).toHaveAttribute('data-step', /^(failed|done)$/, { timeout: 600_000 });
  await expect(page.getByTestId('xsite-failed')).toContainText('has been aborted', { timeout: 1000 });
  await shot(page, 'failed.png');
  expect(agentUp((await api<Vmi>('GET', vmi(A, name))).json)).toBe(true);
  await expect.poll(async () => (await api('GET', vm(B, name))).status, { timeout: 60_000 }).toBe(404);
});

test('a migration cancelled from the wizard aborts on the source: the VM keeps running there, the receiver goes', async () => {
  test.setTimeout(600_000);
  await setLink({ latencyMs: 40, bandwidthBytesPerSec: 512 * 1024 });
  await setBandwidthCap('512Ki');
  const name = 'xcancel';
  await startVm(name, { 'lab.edgevirt.dev/dirty-rate': '4Mi' });
  await openWizard(name);
  await page.getByRole('button', { name: 'Start migration' }).click();
  await expect(page.getByTestId('xsite-step')).toHaveAttribute('data-step', 'migrating', { timeout: 120_000 });
  await page.getByTestId('xsite-cancel').click();
  await expect(page.getByTestId('xsite-failed')).toHaveText(
    `Migration cancelled. The VM keeps running on ${A}; the receiver was removed.`,
    { timeout: 120_000 },
  );
  await shot(page, 'cancelled.png');
  expect(agentUp((await api<Vmi>('GET', vmi(A, name))).json)).toBe(true);
  await expect.poll(async () => (await api('GET', vm(B, name))).status, { timeout: 60_000 }).toBe(404);
  // No migration object is left on either site.
  for (const site of [A, B]) {
    const list = await api<{ items: { spec: { vmiName?: string } }[] }>(
      'GET',
      `/k8s/${site}/apis/kubevirt.io/v1/namespaces/${NS}/virtualmachineinstancemigrations`,
    );
    expect(list.json.items.filter((m) => m.spec.vmiName === name)).toEqual([]);
  }
});
