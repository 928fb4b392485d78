/**
 * The import wizard end to end against the lab that `npm start` runs: a real qcow2 (made with
 * qemu-img here) uploaded through the wizard while the browser's network is cut part-way and
 * restored, resuming from its offset into a DataVolume that reaches Succeeded with the same
 * sha256; an HTTP import from a throttled local server seen mid-way and at 100.0%; and an HTTP source that answers 404 shown in CDI's words on the DataVolume's page.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures/test';
import { shot } from './fixtures/screens';

const MI = 2 ** 20;
const dir = mkdtempSync(join(tmpdir(), 'e2e-dv-import-'));
let files: Server;
let filesUrl: string;

/** A qcow2 of 64 MiB virtual size with `written` bytes of data (24 MiB: the file is over 20 MiB). */
function qcow2(name: string, written = '24M'): string {
  const f = join(dir, name);
  execFileSync('qemu-img', ['create', '-q', '-f', 'qcow2', f, '64M']);
  execFileSync('qemu-io', ['-f', 'qcow2', '-c', `write -P 0x5a 0 ${written}`, f], { stdio: 'ignore' });
  return f;
}

test.beforeAll(async () => {
  // Served at about 1 MiB/s (64 KiB every 62 ms) so the import's progress is seen mid-way.
  files = createServer((req, res) => {
    const f = join(dir, new URL(req.url ?? '/', 'http://x').pathname.slice(1));
    let size: number;
    try {
      size = statSync(f).size;
    } catch {
      return void res.writeHead(404).end();
    }
    res.writeHead(200, { 'content-length': size });
    void (async () => {
      const handle = await open(f);
      try {
        const chunk = Buffer.alloc(64 * 1024);
        for (;;) {
          const { bytesRead } = await handle.read(chunk, 0, chunk.length);
          if (bytesRead === 0 || res.destroyed) break;
          res.write(chunk.subarray(0, bytesRead));
          await new Promise((r) => setTimeout(r, 62));
        }
      } finally {
        await handle.close();
        res.end();
      }
    })();
  });
  await new Promise<void>((r) => files.listen(0, '127.0.0.1', r));
  filesUrl = `http://127.0.0.1:${(files.address() as AddressInfo).port}`;
});

test.afterAll(async () => {
  await new Promise((r) => files?.close(r));
});

async function dvPhase(page: Page, name: string): Promise<string | undefined> {
  return page.evaluate(async (name) => {
    const res = await fetch(
      `/k8s/central/apis/cdi.kubevirt.io/v1beta1/namespaces/default/datavolumes/${name}`,
    );
    return res.ok
      ? ((await res.json()) as { status?: { phase?: string } }).status?.phase
      : `HTTP ${res.status}`;
  }, name);
}

/**
 * Takes the size the wizard suggests from the file's qcow2 header. The "use" button only shows
 * when the suggestion differs from the field, so either it is clicked or the field already holds
 * a size (filled in from the header).
 */
async function useSuggestedSize(page: Page): Promise<void> {
  const button = page.getByTestId('dv-use-size');
  const size = page.locator('input[name=size]');
  await expect.poll(async () => (await button.isVisible()) || (await size.inputValue()) !== '').toBe(true);
  if (await button.isVisible()) await button.click();
  await expect(button).toBeHidden();
  await expect(size).not.toHaveValue('');
}

async function fillTarget(page: Page, name: string): Promise<void> {
  const wizard = page.getByTestId('dv-create');
  await wizard.locator('select[name=site]').selectOption('central');
  await wizard.locator('[name=namespace]').fill('default');
  await wizard.locator('input[name=name]').fill(name);
  await wizard.locator('select[name=storageClass]').selectOption('shared-nfs');
}

test('uploads a real qcow2 through the wizard across a network cut, resuming into a Succeeded DataVolume', async ({
  signedInPage: page,
  baseUrl,
}) => {
  const file = qcow2('upload.qcow2');
  const bytes = readFileSync(file);
  expect(bytes.length).toBeGreaterThan(20 * MI);
  const sum = createHash('sha256').update(bytes).digest('hex');
  const name = `up-${Date.now().toString(36)}`;

  // The second PATCH is where the link drops: the browser goes offline and that request fails.
  const context = page.context();
  const offsets: number[] = [];
  let patches = 0;
  let cut = false;
  await page.route('**/api/uploads/tus/**', async (route) => {
    const req = route.request();
    if (req.method() !== 'PATCH') return route.continue();
    patches++;
    if (patches === 2 && !cut) {
      cut = true;
      await context.setOffline(true);
      return route.abort('internetdisconnected');
    }
    offsets.push(Number(req.headers()['upload-offset']));
    return route.continue();
  });

  await page.goto(`${baseUrl}/datavolumes/new`);
  await page.locator('input[name=sourceKind][value=upload]').check();
  await page.getByTestId('dv-file').setInputFiles(file);
  await expect(page.getByTestId('dv-file-facts')).toContainText('qcow2');
  await fillTarget(page, name);
  await useSuggestedSize(page);
  await shot(page, 'wizard-upload.png', { fullPage: true });
  await page.getByTestId('dv-create-submit').click();

  const row = page.getByTestId('upload-row').filter({ hasText: `central/default/${name}` });
  await expect(row).toHaveAttribute('data-stage', 'offline');
  // The cut is said in words, not as tus's "[object ProgressEvent]".
  await expect(row.getByTestId('upload-stage1')).toHaveText('Connection lost, retrying');
  await expect(row).not.toContainText('ProgressEvent');
  await shot(page, 'upload-offline.png', { fullPage: true });
  await new Promise((r) => setTimeout(r, 2000));
  await context.setOffline(false);

  await expect(row).toHaveAttribute('data-transfer-stage', 'succeeded', { timeout: 90_000 });
  await shot(page, 'upload-done.png', { fullPage: true });
  await expect(row.getByTestId('upload-sha256')).toHaveText(`sha256 ${sum}`);
  // Resumed, not restarted: after the cut the next PATCH starts where the first one ended.
  expect(offsets[0]).toBe(0);
  expect(offsets[1]).toBeGreaterThan(0);
  expect(offsets.filter((o) => o === 0)).toHaveLength(1);
  await expect.poll(() => dvPhase(page, name), { timeout: 60_000 }).toBe('Succeeded');
});

test('imports over HTTP from a local server to 100.0%', async ({ signedInPage: page, baseUrl }) => {
  qcow2('http.qcow2', '12M');
  const name = `http-${Date.now().toString(36)}`;
  await page.goto(`${baseUrl}/datavolumes/new`);
  await page.locator('input[name=sourceKind][value=http]').check();
  await page.locator('input[name=url]').fill(`${filesUrl}/http.qcow2`);
  await fillTarget(page, name);
  await page.locator('input[name=size]').fill('1Gi');
  // The claim follows the size asked for, inflated by the site's 6 % filesystem overhead as CDI does.
  await expect(page.getByTestId('dv-claim-estimate')).toHaveText(
    'The claim will be about 1.1 GiB (1Gi requested plus 6.0% filesystem overhead, as CDI adds it).',
  );
  await page.locator('input[name=size]').fill('10Gi');
  await expect(page.getByTestId('dv-claim-estimate')).toContainText('about 11 GiB (10Gi requested');
  await page.locator('input[name=size]').fill('1Gi');
  await shot(page, 'wizard-http.png', { fullPage: true });
  await page.getByTestId('dv-create-submit').click();
  await expect(page).toHaveURL(new RegExp(`/datavolumes/central/default/${name}`));
  const progress = page.getByTestId('dv-progress');
  // Mid-way: CDI's two-decimal format, not yet 100.
  await expect(progress).toHaveAttribute('data-progress', /^(?!100)\d{1,2}\.\d\d%$/);
  await shot(page, 'http-import-progress.png', { fullPage: true });
  await expect(progress).toHaveAttribute('data-progress', '100.0%', { timeout: 60_000 });
  await expect.poll(() => dvPhase(page, name)).toBe('Succeeded');
});

test("shows an uploaded image larger than its DataVolume in CDI's words, never as done", async ({
  signedInPage: page,
  baseUrl,
}) => {
  const file = join(dir, 'too-big.qcow2');
  execFileSync('qemu-img', ['create', '-q', '-f', 'qcow2', file, '2G']);
  const name = `big-${Date.now().toString(36)}`;
  await page.goto(`${baseUrl}/datavolumes/new`);
  await page.locator('input[name=sourceKind][value=upload]').check();
  await page.getByTestId('dv-file').setInputFiles(file);
  await expect(page.getByTestId('dv-file-facts')).toContainText('virtual size 2 GiB');
  await fillTarget(page, name);
  // Smaller than the image's virtual size: CDI's upload server refuses it after the last byte.
  await page.locator('input[name=size]').fill('64Mi');
  await page.getByTestId('dv-create-submit').click();
  const row = page.getByTestId('upload-row').filter({ hasText: `central/default/${name}` });
  await expect(row).toHaveAttribute('data-transfer-stage', 'failed', { timeout: 90_000 });
  await expect(row.getByTestId('upload-error')).toHaveText(
    /^The site refused the image \(CDI's words follow\): fix the image, or make the DataVolume larger, and upload again\. Unable to process data: Virtual image size 2147483648 is larger than the reported available storage \d+\. A larger PVC is required\.$/,
  );
  await shot(page, 'upload-image-too-large.png', { fullPage: true });
  expect(await dvPhase(page, name)).not.toBe('Succeeded');
});

test('shows a source URL that answers 404 in words', async ({ signedInPage: page, baseUrl }) => {
  const name = `missing-${Date.now().toString(36)}`;
  await page.goto(`${baseUrl}/datavolumes/new`);
  await page.locator('input[name=sourceKind][value=http]').check();
  await page.locator('input[name=url]').fill(`${filesUrl}/no-such-image.qcow2`);
  await fillTarget(page, name);
  await page.locator('input[name=size]').fill('1Gi');
  await page.getByTestId('dv-create-submit').click();
  await expect(page).toHaveURL(new RegExp(`/datavolumes/central/default/${name}`));
  await expect(page.getByTestId('dv-last-error')).toContainText(
    'Unable to connect to http data source: expected status code 200, got 404. Status: 404 Not Found',
  );
  await shot(page, 'http-import-404.png', { fullPage: true });
});
