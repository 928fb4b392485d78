/**
 * Serial console against a real guest: `uname -a` shows the guest kernel's line, UTF-8 output
 * renders, output produced while disconnected is replayed on reconnect, the buffer downloads,
 * and a lab API-server restart is survived with a "reconnected" banner.
 */
import type { BrowserContext, Page } from '@playwright/test';
import { startConsoleStack, type ConsoleStack } from '../tests/support/console-stack';
import { expectConsoleState, serialBuffer, signedInContext, terminalText } from '../tests/support/e2e-session';
import { expect, test } from './fixtures/test';

const SITE = 'site-factory-01';
const NS = 'default';
const VM = 'hmi-panel';

let stack: ConsoleStack;
let context: BrowserContext;
let page: Page;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ browser }) => {
  test.setTimeout(600_000);
  stack = await startConsoleStack({ sites: [SITE] });
  context = await signedInContext(browser, stack.signInUrl);
  page = await context.newPage();
  await page.goto(`${stack.baseUrl}/console/${SITE}/${NS}/${VM}/serial`);
  await expectConsoleState(page, 'serial-console', 'connected', 180_000);
  // The VMI is Running before its guest's shell is up: wait for a prompt (Enter asks for one).
  await page.locator('[data-testid=serial-terminal] .xterm').click();
  await expect
    .poll(async () => {
      await page.keyboard.press('Enter');
      return terminalText(page);
    }, { timeout: 120_000, intervals: [2_000] })
    .toMatch(/:~# /);
});

test.afterAll(async () => {
  await context?.close();
  await stack?.stop();
});

async function run(command: string): Promise<void> {
  await page.locator('[data-testid=serial-terminal] .xterm').click();
  await page.keyboard.type(command);
  await page.keyboard.press('Enter');
}

test('uname -a shows the guest kernel line', async () => {
  const testInfo = test.info();
  await run('uname -a');
  await expect.poll(() => terminalText(page), { timeout: 30_000 }).toMatch(/Linux \S+ \d+\.\d+\.\d+-\d+-cloud-amd64 #1 SMP .*GNU\/Linux/);
  await page.screenshot({ path: testInfo.outputPath('serial-console.png') });
  await testInfo.attach('serial-console', { path: testInfo.outputPath('serial-console.png'), contentType: 'image/png' });
});

test('multi-byte UTF-8 from the guest renders', async () => {
  // Octal escapes, so only the guest's output (not the typed command) holds the characters.
  await run("printf 'utf8: \\344\\275\\240\\345\\245\\275 \\360\\237\\232\\200\\n'");
  await expect.poll(() => terminalText(page), { timeout: 30_000 }).toContain('utf8: 你好');
  expect(await terminalText(page)).not.toContain('\uFFFD');
});

test('output produced while disconnected is shown after reconnecting', async () => {
  await run('sleep 4; echo away-$((6*7))');
  await page.getByTestId('serial-disconnect').click();
  await expectConsoleState(page, 'serial-console', 'disconnected');
  await expect.poll(() => serialBuffer(page, SITE, NS, VM), { timeout: 30_000 }).toContain('away-42');
  await page.getByTestId('serial-connect').click();
  await expectConsoleState(page, 'serial-console', 'connected');
  await expect(page.getByTestId('serial-reconnected')).toBeVisible();
  await expect.poll(() => terminalText(page), { timeout: 30_000 }).toContain('away-42');
});

test('the buffered output downloads', async () => {
  const download = page.waitForEvent('download');
  await page.getByTestId('serial-download').click();
  const file = await download;
  expect(file.suggestedFilename()).toBe(`${VM}-serial.log`);
  const path = await file.path();
  const { readFileSync } = await import('node:fs');
  expect(readFileSync(path, 'utf8')).toContain('away-42');
});

test('reconnects by itself after the lab API server restarts', async () => {
  const serial = page.getByTestId('serial-console');
  const sessions = Number(await serial.getAttribute('data-sessions'));
  await stack.restartSite(SITE);
  await expect(serial).toHaveAttribute('data-sessions', String(sessions + 1), { timeout: 90_000 });
  await expect(page.getByTestId('serial-reconnected')).toBeVisible();
  await run('echo back-$((6*7))');
  await expect.poll(() => terminalText(page), { timeout: 30_000 }).toContain('back-42');
});
