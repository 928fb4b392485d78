/**
 * VNC console against a real guest: the page connects and shows the guest's VGA text console,
 * typed text reaches the guest (checked on its serial line through the serial hub's buffer),
 * Ctrl+Alt+Del reboots it, a lab API-server restart is survived by reconnecting, and a second
 * viewer is told the session is in use and may take it over.
 */
import type { BrowserContext, Page } from '@playwright/test';
import { startConsoleStack, type ConsoleStack } from '../tests/support/console-stack';
import { expectConsoleState, serialBuffer, signedInContext, terminalText } from '../tests/support/e2e-session';
import { expect, test } from './fixtures/test';

const SITE = 'site-factory-01';
const NS = 'default';
const VM = 'plc-gateway';
const vncPath = `/console/${SITE}/${NS}/${VM}/vnc`;
const serialPath = `/console/${SITE}/${NS}/${VM}/serial`;

let stack: ConsoleStack;
let context: BrowserContext;
let page: Page;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ browser }) => {
  test.setTimeout(600_000);
  stack = await startConsoleStack({ sites: [SITE] });
  context = await signedInContext(browser, stack.signInUrl);
  page = await context.newPage();
  // Open the serial console first: the serial hub then keeps the guest's serial line and its
  // output, which is where the keys typed over VNC are checked.
  await page.goto(stack.baseUrl + serialPath);
  await expectConsoleState(page, 'serial-console', 'connected', 180_000);
  // The VMI is Running before its guest's shells are up: wait for the serial prompt.
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

/** Bright pixels on noVNC's canvas: text on the black VGA screen. */
function litPixels(p: Page): Promise<{ width: number; height: number; lit: number }> {
  return p.locator('[data-testid=vnc-screen] canvas').evaluate((el) => {
    const c = el as HTMLCanvasElement;
    const data = c.getContext('2d')?.getImageData(0, 0, c.width, c.height).data ?? new Uint8ClampedArray();
    let lit = 0;
    for (let i = 0; i < data.length; i += 4) if ((data[i] ?? 0) + (data[i + 1] ?? 0) + (data[i + 2] ?? 0) > 300) lit++;
    return { width: c.width, height: c.height, lit };
  });
}

test('connects and shows the guest text console', async () => {
  const testInfo = test.info();
  await page.goto(stack.baseUrl + vncPath);
  await expectConsoleState(page, 'vnc-console', 'connected');
  await expect.poll(async () => (await litPixels(page)).lit, { timeout: 30_000 }).toBeGreaterThan(500);
  const screen = await litPixels(page);
  expect([screen.width, screen.height]).toEqual([720, 400]);
  await page.screenshot({ path: testInfo.outputPath('vnc-console.png') });
  await testInfo.attach('vnc-console', { path: testInfo.outputPath('vnc-console.png'), contentType: 'image/png' });
});

test('typed text reaches the guest', async () => {
  await page.getByTestId('vnc-paste').click();
  await page.getByTestId('paste-text').fill('echo typed-over-vnc-$((6*7)) > /dev/ttyS0\n');
  await page.getByTestId('paste-type').click();
  await expect.poll(() => serialBuffer(page, SITE, NS, VM), { timeout: 30_000 }).toContain('typed-over-vnc-42');
});

test('Ctrl+Alt+Del is delivered (the guest reboots)', async () => {
  const before = (await serialBuffer(page, SITE, NS, VM)).split('edge-vm ready').length;
  await page.getByTestId('vnc-ctrl-alt-del').click();
  await expect.poll(async () => (await serialBuffer(page, SITE, NS, VM)).split('edge-vm ready').length, { timeout: 90_000 }).toBeGreaterThan(before);
  expect(await serialBuffer(page, SITE, NS, VM)).toMatch(/reboot|Restarting system|going down/i);
});

test('reconnects by itself after the lab API server restarts', async () => {
  await expectConsoleState(page, 'vnc-console', 'connected');
  const vnc = page.getByTestId('vnc-console');
  const sessions = Number(await vnc.getAttribute('data-sessions'));
  await stack.restartSite(SITE);
  await expect(vnc).toHaveAttribute('data-sessions', String(sessions + 1), { timeout: 90_000 });
  await expectConsoleState(page, 'vnc-console', 'connected');
});

test('a second viewer is told the session is in use, and may take it over', async () => {
  await expectConsoleState(page, 'vnc-console', 'connected');
  const second = await context.newPage();
  await second.goto(stack.baseUrl + vncPath);
  await expect(second.getByTestId('vnc-console').getByTestId('console-status')).toHaveAttribute('data-reason', 'inUse', { timeout: 60_000 });
  await expect(second.getByTestId('takeover-dialog')).toBeVisible();
  await second.getByTestId('takeover-confirm').click();
  await expectConsoleState(second, 'vnc-console', 'connected');
  // The first viewer lost the session and is asked, not silently fighting back.
  await expect(page.getByTestId('vnc-console').getByTestId('console-status')).toHaveAttribute('data-reason', 'inUse', { timeout: 60_000 });
  await expect(page.getByTestId('takeover-dialog')).toBeVisible();
  await second.close();
});

test("the VM's Console tab shows the screen in place, the serial console one click away", async () => {
  const testInfo = test.info();
  await page.goto(`${stack.baseUrl}/vms/${SITE}/${NS}/${VM}/console`);
  const tab = page.getByTestId('console-tab');
  await expectConsoleState(page, 'vnc-console', 'connected');
  await expect.poll(async () => (await litPixels(page)).lit, { timeout: 60_000 }).toBeGreaterThan(100);
  await page.screenshot({ path: testInfo.outputPath('console-tab-vnc.png') });
  await tab.getByTestId('console-tab-serial').click();
  await expectConsoleState(page, 'serial-console', 'connected');
  await expect(tab.getByTestId('console-open-page')).toHaveAttribute('href', serialPath);
});
