/**
 * A read-only user sees a VM's actions disabled, each saying why. The console runs in token
 * sign-in mode (as behind a company SSO without OIDC) against a lab whose kubeconfig holds the
 * lab's `viewer` identity; the viewer signs in with that token. The apiserver, not the page,
 * enforces the rule: a direct stop request is refused too.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { expect, test } from './fixtures/test';
import { startUntil, stopProc as stop, type Proc } from './fixtures/token-console';

const root = fileURLToPath(new URL('..', import.meta.url));

let lab: Proc | undefined;
let consoleProc: Proc | undefined;
let baseUrl = '';
let viewerToken = '';
let dir = '';

test.beforeAll(async () => {
  test.setTimeout(900_000);
  dir = mkdtempSync(join(tmpdir(), 'edgevirt-viewer-e2e-'));
  const kubeconfig = join(dir, 'kubeconfig');
  const env: NodeJS.ProcessEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' };
  delete env.KUBECONFIG;
  lab = (await startUntil(process.execPath, [join(root, 'node_modules/tsx/dist/cli.mjs'), 'lab/main.ts', '--sites', 'central', '--kubeconfig-out', kubeconfig, '--time-scale', '0.2'], /kubeconfig: /, env, 120_000)).proc;
  const cfg = parse(readFileSync(kubeconfig, 'utf8')) as { users: { name: string; user: { token: string } }[] };
  viewerToken = cfg.users.find((u) => u.name === 'viewer')?.user.token ?? '';
  expect(viewerToken).not.toBe('');
  // Extra server flags (e.g. --dev) let a developer run this spec without a production build.
  const extra = (process.env.EDGEVIRT_E2E_SERVER_ARGS ?? '').split(' ').filter(Boolean);
  const started = await startUntil(
    'npm',
    ['start', '--', '--auth', 'token', '--kubeconfig', kubeconfig, '--no-lab', ...extra],
    /Edgevirt Console ready: (\S+)/,
    { ...env, PORT: '0', EDGEVIRT_SESSION_SECRET: 'viewer-e2e-session-secret-0123456789abcdef' },
    600_000,
  );
  consoleProc = started.proc;
  baseUrl = new URL(started.match[1] ?? '').origin;
});

test.afterAll(async () => {
  await stop(consoleProc);
  await stop(lab);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('a viewer sees every VM action disabled with the reason', async ({ browser }, testInfo) => {
  test.setTimeout(300_000);
  const context = await browser.newContext();
  const page = await context.newPage();
  // What a sign-in form does: POST the token from the console's own origin.
  const res = await context.request.post(`${baseUrl}/api/auth/token`, { headers: { origin: baseUrl }, data: { token: viewerToken } });
  const signIn = { status: res.status(), body: (await res.json()) as { user?: { username?: string } } };
  expect(signIn.status).toBe(200);
  expect(signIn.body.user?.username).toBe('viewer');

  await page.goto(`${baseUrl}/vms/central/production/web-01`);
  await expect(page.locator('[data-testid=vm-status] [data-status]')).toHaveAttribute('data-status', 'Running', { timeout: 90_000 });
  for (const id of ['stop', 'restart', 'pause', 'migrate', 'forceStop', 'delete']) {
    const button = page.locator(`[data-action=${id}]`);
    await expect(button, id).toBeDisabled();
    await expect(page.locator(`[data-reason-for=${id}]`), id).toContainText('You are not allowed to');
    await expect(page.locator(`[data-reason-for=${id}]`), id).toContainText('read-only');
  }
  // Start is explained by the VM's state (run strategy Always), not by the missing right.
  await expect(page.locator('[data-reason-for=start]')).toContainText('Run strategy Always');
  // Hovering shows the reason to sighted users.
  await expect(page.locator('[data-action=stop]').locator('..')).toHaveAttribute('title', /not allowed to stop/);
  await page.screenshot({ path: testInfo.outputPath('vm-detail-viewer.png'), fullPage: true });

  await page.locator('[data-tab=yaml]').click();
  await expect(page.getByTestId('yaml-tab')).toContainText('You may not change this VM');

  // Greyed-out buttons are not the protection: the cluster refuses the request itself.
  const direct = await page.evaluate(async () => {
    const s = (await (await fetch('/api/session')).json()) as { csrfToken: string };
    const res = await fetch('/k8s/central/apis/subresources.kubevirt.io/v1/namespaces/production/virtualmachines/web-01/stop', {
      method: 'PUT',
      headers: { 'content-type': 'application/json', 'x-csrf-token': s.csrfToken },
      body: '{}',
    });
    return res.status;
  });
  expect(direct).toBe(403);
  await context.close();
});
