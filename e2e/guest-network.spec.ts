/**
 * Real L2 between real guests: two VMs created through the form, each with a bridge interface on
 * the same VLAN NetworkAttachmentDefinition; the second VM pings the first, over its serial
 * console, at the address the first VM's detail page shows. Own lab (infrastructure only, so
 * both guests are real QEMU guests and not the demo fleet's) and console.
 */
import type { BrowserContext, Page } from '@playwright/test';
import { startConsoleStack, type ConsoleStack } from '../tests/support/console-stack';
import { expectConsoleState, signedInContext, terminalText } from '../tests/support/e2e-session';
import { expect, test } from './fixtures/test';

const SITE = 'central';
const NS = 'default';
const NAD = 'default/vlan-100';

let stack: ConsoleStack;
let context: BrowserContext;
let page: Page;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ browser }) => {
  test.setTimeout(600_000);
  stack = await startConsoleStack({ sites: [SITE], labArgs: ['--seed', 'infra'] });
  context = await signedInContext(browser, stack.signInUrl);
  page = await context.newPage();
});

test.afterAll(async () => {
  await context?.close();
  await stack?.stop();
});

/** Creates a VM through the form: masquerade on the pod network plus a bridge on the NAD. */
async function createVm(name: string): Promise<void> {
  await page.goto(`${stack.baseUrl}/vms/new?site=${SITE}&namespace=${NS}`);
  await page.locator('input[name=name]').fill(name);
  await expect(page.locator('[data-interface=default]')).toBeVisible();
  await page.getByTestId('add-interface').click();
  const sec = page.locator('[data-interface=net1]');
  await sec.locator('select[name=network-net1]').selectOption(NAD);
  await expect(sec.locator('[data-binding=bridge] input')).toBeChecked();
  await page.getByTestId('create-submit').click();
  await expect(page).toHaveURL(new RegExp(`/vms/${SITE}/${NS}/${name}$`), { timeout: 60_000 });
}

/** The address the VM's Network tab shows for its NAD interface, once the VM runs. */
async function nadAddress(name: string): Promise<string> {
  await page.goto(`${stack.baseUrl}/vms/${SITE}/${NS}/${name}`);
  await page.locator('[data-tab=network]').click();
  const ips = page.getByTestId('ips-net1');
  await expect(ips).toContainText(/\d+\.\d+\.\d+\.\d+/, { timeout: 120_000 });
  return /\d+\.\d+\.\d+\.\d+/.exec((await ips.textContent()) ?? '')?.[0] ?? '';
}

async function openShell(name: string): Promise<void> {
  await page.goto(`${stack.baseUrl}/console/${SITE}/${NS}/${name}/serial`);
  await expectConsoleState(page, 'serial-console', 'connected', 180_000);
  await page.locator('[data-testid=serial-terminal] .xterm').click();
  // The VMI runs before the guest's shell is up: Enter until a prompt answers.
  await expect
    .poll(
      async () => {
        await page.keyboard.press('Enter');
        return terminalText(page);
      },
      { timeout: 180_000, intervals: [2_000] },
    )
    .toMatch(/:~# /);
}

test('a second VM on the same VLAN NAD pings the first over its serial console', async () => {
  test.setTimeout(480_000);
  const stamp = Date.now().toString(36);
  const first = `l2-a-${stamp}`;
  const second = `l2-b-${stamp}`;
  await createVm(first);
  await createVm(second);
  const target = await nadAddress(first);
  const own = await nadAddress(second);
  expect(target).not.toBe(own);
  await openShell(second);
  await page.keyboard.type(`ping -c 3 -W 5 ${target}`);
  await page.keyboard.press('Enter');
  await expect
    .poll(() => terminalText(page), { timeout: 60_000 })
    .toMatch(/3 packets transmitted, 3 packets received/);
  await page.screenshot({ path: test.info().outputPath('l2-ping.png') });
  await test
    .info()
    .attach('l2-ping', { path: test.info().outputPath('l2-ping.png'), contentType: 'image/png' });
});
