/**
 * The import wizard end to end against the lab that `npm start` runs: an HTTP source that
 * answers 404 is shown in CDI's words on the DataVolume's page.
 */
import { createReadStream, mkdirSync, mkdtempSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures/test';

const SCREENS = '/work/notes/screens/h14-dv';
const dir = mkdtempSync(join(tmpdir(), 'e2e-dv-import-'));
let files: Server;
let filesUrl: string;

test.beforeAll(async () => {
  mkdirSync(SCREENS, { recursive: true });
  // Served at 4 MiB/s so the import's progress is seen rising.
  files = createServer((req, res) => {
    const f = join(dir, new URL(req.url ?? '/', 'http://x').pathname.slice(1));
    let size: number;
    try {
      size = statSync(f).size;
    } catch {
      return void res.writeHead(404).end();
    }
    res.writeHead(200, { 'content-length': size });
    const s = createReadStream(f, { highWaterMark: 256 * 1024 });
    s.on('data', () => {
      s.pause();
      setTimeout(() => s.resume(), 62);
    });
    s.pipe(res);
  });
  await new Promise<void>((r) => files.listen(0, '127.0.0.1', r));
  filesUrl = `http://127.0.0.1:${(files.address() as AddressInfo).port}`;
});

test.afterAll(async () => {
  await new Promise((r) => files?.close(r));
});

async function fillTarget(page: Page, name: string): Promise<void> {
  const wizard = page.getByTestId('dv-create');
  await wizard.locator('select[name=site]').selectOption('central');
  await wizard.locator('[name=namespace]').fill('default');
  await wizard.locator('input[name=name]').fill(name);
  await wizard.locator('select[name=storageClass]').selectOption('shared-nfs');
}

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
  await page.screenshot({ path: `${SCREENS}/http-import-404.png`, fullPage: true });
});
