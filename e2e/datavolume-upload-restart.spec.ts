/**
 * An upload survives a backend restart: the console runs against a lab in its own process (so
 * the DataVolume outlives the console), with a fixed port, session secret and staging folder as
 * a deployment has them. The console is restarted while the browser is part-way through the
 * file; the browser's tus client asks the new console for the offset, goes on from there, and
 * the DataVolume reaches Succeeded with the file's sha256.
 */
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from './fixtures/test';
import { shot } from './fixtures/screens';
import { startLabProcess, type LabProcess } from './fixtures/lab-process';
import { startConsole, type RunningConsole } from './fixtures/server';
import { freePort } from '../tests/support/free-port';

const dir = mkdtempSync(join(tmpdir(), 'e2e-dv-restart-'));
let lab: LabProcess;
let app: RunningConsole;
let env: Record<string, string>;


const start = () => startConsole({ args: ['--kubeconfig', lab.kubeconfigPath], env });

test.beforeAll(async () => {
  lab = await startLabProcess({ sites: ['central'] });
  env = {
    PORT: String(await freePort()),
    EDGEVIRT_SESSION_SECRET: randomBytes(32).toString('base64url'),
    EDGEVIRT_UPLOAD_DIR: join(dir, 'stage'),
  };
  app = await start();
});

test.afterAll(async () => {
  await app?.stop();
  await lab?.stop();
});

test('resumes an upload across a backend restart into a Succeeded DataVolume', async ({ browser }) => {
  test.setTimeout(300_000);
  const file = join(dir, 'restart.qcow2');
  execFileSync('qemu-img', ['create', '-q', '-f', 'qcow2', file, '64M']);
  execFileSync('qemu-io', ['-f', 'qcow2', '-c', 'write -P 0x3c 0 24M', file], { stdio: 'ignore' });
  const sum = createHash('sha256').update(readFileSync(file)).digest('hex');
  const name = `restart-${Date.now().toString(36)}`;

  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(app.signInUrl);
  await expect(page.getByTestId('user-menu')).toBeVisible();

  // The second PATCH is held while the console restarts, then fails as a dropped link does.
  const offsets: number[] = [];
  let patches = 0;
  let restarted = false;
  await page.route('**/api/uploads/tus/**', async (route) => {
    const req = route.request();
    if (req.method() !== 'PATCH') return route.continue();
    patches++;
    if (patches === 2 && !restarted) {
      restarted = true;
      await app.stop();
      app = await start();
      return route.abort('connectionreset');
    }
    offsets.push(Number(req.headers()['upload-offset']));
    return route.continue();
  });

  await page.goto(`${app.baseUrl}/datavolumes/new`);
  await page.locator('input[name=sourceKind][value=upload]').check();
  await page.getByTestId('dv-file').setInputFiles(file);
  await expect(page.getByTestId('dv-file-facts')).toContainText('qcow2');
  const wizard = page.getByTestId('dv-create');
  await wizard.locator('select[name=site]').selectOption('central');
  await wizard.locator('[name=namespace]').fill('default');
  await wizard.locator('input[name=name]').fill(name);
  await wizard.locator('select[name=storageClass]').selectOption('shared-nfs');
  await page.locator('input[name=size]').fill('1Gi');
  await page.getByTestId('dv-create-submit').click();

  const row = page.getByTestId('upload-row').filter({ hasText: `central/default/${name}` });
  await expect(row).toHaveAttribute('data-transfer-stage', 'succeeded', { timeout: 180_000 });
  await shot(page, 'upload-after-restart.png', { fullPage: true });
  await expect(row.getByTestId('upload-sha256')).toHaveText(`sha256 ${sum}`);
  expect(restarted).toBe(true);
  expect(offsets[0]).toBe(0);
  expect(offsets[1]).toBeGreaterThan(0);
  expect(offsets.filter((o) => o === 0)).toHaveLength(1);
  const phase = () =>
    page.evaluate(async (name) => {
      const res = await fetch(
        `/k8s/central/apis/cdi.kubevirt.io/v1beta1/namespaces/default/datavolumes/${name}`,
      );
      return res.ok
        ? ((await res.json()) as { status?: { phase?: string } }).status?.phase
        : `HTTP ${res.status}`;
    }, name);
  await expect.poll(phase).toBe('Succeeded');
  await context.close();
});
