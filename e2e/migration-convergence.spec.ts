/**
 * A guest that dirties memory faster than its policy's bandwidth (the lab's dirty-rate
 * annotation: a real memory-writing loop in a QEMU guest, the pre-copy model otherwise): the
 * Migrations page flags it "not converging" with the reason while it runs, raises the seed's
 * 1.5x-memory alert once processed data crosses it, offers more bandwidth, and "allow
 * auto-converge" (a MigrationPolicy for this VM, then a new attempt) lets the next migration
 * succeed; then a migration cancelled mid-way leaves the VM where it was.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures/test';
import { shot } from './fixtures/screens';

const SITE = 'central';
const NS = 'default';
const VM = 'e2e-dirty';
const TIGHT = 'e2e-tight';
// 8 MiB/s of dirtying asked for under a 1.5 MiB/s cap. Under TCG, while it migrates, a real guest's
// loop reaches only about 2 MiB/s (QEMU's measure on this machine), so the cap stays below that.
// The policy's completion timeout is long so the 1.5x-memory alert (218 MiB sent at 1.5 MiB/s)
// comes before QEMU gives up.

async function call(page: Page, method: string, path: string, body?: unknown): Promise<number> {
  return page.evaluate(
    async ({ method, path, body }) => {
      const { csrfToken } = (await (await fetch('/api/session')).json()) as { csrfToken: string };
      const res = await fetch(path, {
        method,
        headers: { 'content-type': 'application/json', 'x-csrf-token': csrfToken },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return res.status;
    },
    { method, path, body },
  );
}

const policies = `/k8s/${SITE}/apis/migrations.kubevirt.io/v1alpha1/migrationpolicies`;
const vms = `/k8s/${SITE}/apis/kubevirt.io/v1/namespaces/${NS}/virtualmachines`;

async function vmi(
  page: Page,
): Promise<{ status?: { nodeName?: string; migrationState?: Record<string, unknown> } }> {
  return page.evaluate(
    async (p) => (await fetch(p)).json(),
    `/k8s/${SITE}/apis/kubevirt.io/v1/namespaces/${NS}/virtualmachineinstances/${VM}`,
  );
}

function dirtyVm() {
  return {
    apiVersion: 'kubevirt.io/v1',
    kind: 'VirtualMachine',
    metadata: { name: VM, namespace: NS },
    spec: {
      runStrategy: 'Always',
      template: {
        metadata: {
          labels: { 'kubevirt.io/vm': VM, profile: TIGHT },
          annotations: { 'lab.edgevirt.dev/dirty-rate': '8Mi' },
        },
        spec: {
          domain: {
            memory: { guest: '128Mi' },
            devices: {
              disks: [{ name: 'rootdisk', disk: { bus: 'virtio' } }],
              interfaces: [{ name: 'default', masquerade: {} }],
            },
            resources: { requests: { memory: '128Mi' } },
          },
          networks: [{ name: 'default', pod: {} }],
          volumes: [{ name: 'rootdisk', containerDisk: { image: 'quay.io/containerdisks/fedora:41' } }],
        },
      },
    },
  };
}

test('non-convergence: flagged with its reason, the 1.5x alert, the auto-converge fix succeeds; cancel mid-way', async ({
  signedInPage: page,
  baseUrl,
}) => {
  test.setTimeout(720_000);
  await page.goto(`${baseUrl}/migrations?window=all`);
  await expect(page.getByRole('heading', { name: 'Migrations', exact: true })).toBeVisible();
  expect(
    await call(page, 'POST', policies, {
      apiVersion: 'migrations.kubevirt.io/v1alpha1',
      kind: 'MigrationPolicy',
      metadata: { name: TIGHT },
      spec: {
        bandwidthPerMigration: '1536Ki',
        completionTimeoutPerGiB: 1000,
        selectors: { virtualMachineInstanceSelector: { profile: TIGHT } },
      },
    }),
  ).toBe(201);
  expect(await call(page, 'POST', vms, dirtyVm())).toBe(201);

  try {
    await test.step('start from the pre-flight dialog once the VM runs', async () => {
      await expect
        .poll(
          () =>
            page.evaluate(async (p) => {
              const r = await fetch(p);
              return r.ok ? (((await r.json()) as { status?: { phase?: string } }).status?.phase ?? '') : '';
            }, `/k8s/${SITE}/apis/kubevirt.io/v1/namespaces/${NS}/virtualmachineinstances/${VM}`),
          { timeout: 120_000 },
        )
        .toBe('Running');
      await page.getByTestId('start-migration-open').click();
      const dialog = page.getByTestId('start-migration');
      await dialog.getByTestId('start-site').selectOption(SITE);
      await dialog.getByTestId('start-vm').selectOption(`${NS}/${VM}`);
      const start = page.getByRole('dialog').getByRole('button', { name: 'Start migration' });
      await expect(start).toBeEnabled({ timeout: 60_000 });
      await start.click();
      await expect(dialog).toBeHidden();
    });

    const first = page
      .getByTestId('migration-row')
      .filter({ has: page.getByRole('link', { name: VM, exact: true }) })
      .first();
    const vmim = (await first.getAttribute('data-vmim')) ?? '';
    const stall = page.locator(`[data-testid="migration-stall-row"][data-vmim="${vmim}"]`);

    await test.step('flagged "not converging" with the dirty rate above the transfer rate', async () => {
      await expect(first).toHaveAttribute('data-phase', 'Running', { timeout: 60_000 });
      // The first pass (145 MiB at 1.5 MiB/s) must end before QEMU measures a dirty rate.
      await expect(stall.locator('[data-reason="dirty-exceeds-transfer"]')).toBeVisible({ timeout: 180_000 });
      await expect(first).toHaveAttribute('data-phase', 'Running');
      await shot(page, 'not-converging.png', { fullPage: true });
    });

    await test.step('the 1.5x-memory alert fires once processed data crosses it, before the timeout', async () => {
      await expect(stall.locator('[data-reason="over-memory"]')).toBeVisible({ timeout: 300_000 });
      await expect(stall.locator('[data-reason="over-memory"]')).toContainText('1.5');
      await expect(first).toHaveAttribute('data-phase', 'Running');
    });

    await test.step('"allow auto-converge" makes a policy for this VM and a new attempt that succeeds', async () => {
      // The bandwidth fix offers 1.5x the dirty rate QEMU measures, at least twice the 1.5 MiB/s cap (the
      // formula is unit-tested in lib/migration/fixes; under TCG the guest's loop dirties 2-8 MiB/s,
      // with the machine's load). At load 15 a real guest under the raised cap had not converged
      // after 120 s, so the retry uses auto-converge: this VM's own policy sets only that, leaving
      // the cluster's unlimited bandwidth in effect, and the guest is throttled.
      await expect(stall.getByTestId('fix-bandwidth')).toHaveText(/^Raise bandwidth to \d+Mi$/);
      const offered = Number(/(\d+)Mi$/.exec(await stall.getByTestId('fix-bandwidth').innerText())?.[1]);
      expect(offered).toBeGreaterThanOrEqual(3);
      await stall.getByTestId('fix-autoconverge').click();
      const retry = page
        .getByTestId('migration-row')
        .filter({ has: page.getByRole('link', { name: VM, exact: true }) })
        .and(page.locator(`[data-vmim^="${VM}-retry-"]`));
      await expect(retry).toHaveAttribute('data-phase', 'Succeeded', { timeout: 120_000 });
      await expect(retry.getByTestId('migration-policy')).toHaveText(`vm-${NS}-${VM}`);
    });

    await test.step('cancel mid-way: the VMIM goes, the VM stays on its node, the abort succeeded', async () => {
      expect(await call(page, 'DELETE', `${policies}/vm-${NS}-${VM}`)).toBe(200);
      const node = (await vmi(page)).status?.nodeName ?? '';
      await page.getByTestId('start-migration-open').click();
      const dialog = page.getByTestId('start-migration');
      await dialog.getByTestId('start-site').selectOption(SITE);
      await dialog.getByTestId('start-vm').selectOption(`${NS}/${VM}`);
      const start = page.getByRole('dialog').getByRole('button', { name: 'Start migration' });
      await expect(start).toBeEnabled({ timeout: 60_000 });
      await start.click();
      const running = page
        .getByTestId('migration-row')
        .filter({ has: page.getByRole('link', { name: VM, exact: true }) })
        .and(page.locator('[data-phase="Running"]'));
      await expect(running.getByTestId('migration-percent')).toBeVisible({ timeout: 60_000 });
      const name = (await running.getAttribute('data-vmim')) ?? '';
      await running.getByTestId('migration-cancel').click();
      await page.getByRole('dialog').getByRole('button', { name: 'Cancel migration' }).click();
      await expect(page.locator(`[data-testid="migration-row"][data-vmim="${name}"]`)).toHaveCount(0, {
        timeout: 60_000,
      });
      const after = await vmi(page);
      expect(after.status?.nodeName).toBe(node);
      expect(after.status?.migrationState).toMatchObject({ abortRequested: true, abortStatus: 'Succeeded' });
    });
  } finally {
    await call(page, 'DELETE', `${vms}/${VM}`);
    await call(page, 'DELETE', `${policies}/${TIGHT}`);
    await call(page, 'DELETE', `${policies}/vm-${NS}-${VM}`);
  }
});
