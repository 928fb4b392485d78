/**
 * Embedded console: a portal on another loopback origin frames a minted link and hears
 * `connected`; it can send commands; an expired link, a changed signature, and a foreign origin
 * (framing or opening the websocket) are refused.
 */
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BrowserContext, Page } from '@playwright/test';
import WebSocket from 'ws';
import { startConsoleStack, type ConsoleStack } from '../tests/support/console-stack';
import { csrfToken, signedInContext } from '../tests/support/e2e-session';
import { expect, test } from './fixtures/test';

const SITE = 'site-factory-01';
const NS = 'default';
const VM = 'plc-gateway';

let stack: ConsoleStack;
let admin: BrowserContext;
let adminPage: Page;
let portal: { server: Server; origin: string };
let foreign: { server: Server; origin: string };

/** A tiny portal page that frames `?src=` and records the console's messages. */
async function startPortal(host: string): Promise<{ server: Server; origin: string }> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://portal');
    const src = url.searchParams.get('src') ?? '';
    const consoleOrigin = src ? new URL(src).origin : '';
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><title>Ticket #4711 - portal</title>
<h1 style="font:16px sans-serif">Ticket #4711: PLC gateway unresponsive</h1>
<script>
window.events = [];
window.addEventListener('message', (e) => { if (e.origin === ${JSON.stringify(consoleOrigin)}) window.events.push(e.data); });
window.send = (command) => document.getElementById('f').contentWindow.postMessage({ type: 'edgevirt.console', command }, ${JSON.stringify(consoleOrigin)});
</script>
<iframe id="f" src="${src.replace(/"/g, '&quot;')}" width="960" height="560" style="border:1px solid #ccc"></iframe>`);
  });
  server.listen(0, host);
  await once(server, 'listening');
  return { server, origin: `http://${host}:${(server.address() as AddressInfo).port}` };
}

interface Minted {
  token: string;
  url: string;
}

async function mint(origins: string[], ttlSeconds = 300, kind = 'vnc'): Promise<Minted> {
  const res = await adminPage.request.post(`${stack.baseUrl}/api/console/embed-links`, {
    headers: { origin: stack.baseUrl, 'x-csrf-token': await csrfToken(adminPage) },
    data: { site: SITE, namespace: NS, name: VM, kind, ttlSeconds, origins },
  });
  expect(res.status(), await res.text()).toBe(201);
  return (await res.json()) as Minted;
}

/** Opens the portal in a fresh browser context (a third party: no console session). */
async function openPortal(browser: import('@playwright/test').Browser, at: { origin: string }, src: string): Promise<Page> {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  await page.goto(`${at.origin}/?src=${encodeURIComponent(src)}`);
  return page;
}

function events(page: Page): Promise<Array<{ event?: string; detail?: { reason?: string } }>> {
  return page.evaluate(() => (window as unknown as { events: [] }).events);
}

/** HTTP status of a websocket handshake to the VNC bridge with a link, from a given Origin. */
function wsStatus(token: string, origin: string): Promise<number> {
  const url = `${stack.baseUrl.replace('http', 'ws')}/k8s/${SITE}/apis/subresources.kubevirt.io/v1/namespaces/${NS}/virtualmachineinstances/${VM}/vnc?preserveSession=true&embed=${encodeURIComponent(token)}`;
  return new Promise((resolve) => {
    const ws = new WebSocket(url, ['plain.kubevirt.io'], { origin });
    ws.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.once('open', () => {
      resolve(101);
      ws.close();
    });
    ws.once('error', () => resolve(0));
  });
}

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ browser }) => {
  test.setTimeout(600_000);
  portal = await startPortal('127.0.0.2');
  foreign = await startPortal('127.0.0.3');
  stack = await startConsoleStack({ sites: [SITE], frameAncestors: ['http://127.0.0.2:*', 'http://127.0.0.3:*'] });
  admin = await signedInContext(browser, stack.signInUrl);
  adminPage = await admin.newPage();
  await adminPage.goto(stack.baseUrl);
});

test.afterAll(async () => {
  await admin?.close();
  await stack?.stop();
  portal?.server.close();
  foreign?.server.close();
});

test('a portal on another origin frames a minted link and hears connected', async ({ browser }) => {
  const link = await mint([portal.origin]);
  const page = await openPortal(browser, portal, link.url);
  await expect.poll(async () => (await events(page)).map((e) => e.event), { timeout: 120_000 }).toContain('connected');
  const info = test.info();
  await page.screenshot({ path: info.outputPath('embedded-console.png') });
  await info.attach('embedded-console', { path: info.outputPath('embedded-console.png'), contentType: 'image/png' });
  // Commands from the allowed parent are obeyed.
  await page.evaluate(() => (window as unknown as { send(c: string): void }).send('disconnect'));
  await expect
    .poll(async () => (await events(page)).filter((e) => e.event === 'disconnected').map((e) => e.detail?.reason), { timeout: 30_000 })
    .toContain('user');
  await page.context().close();
});

test('an expired link is refused', async ({ browser }) => {
  const link = await mint([portal.origin], 1);
  await new Promise((r) => setTimeout(r, 2_500));
  const page = await openPortal(browser, portal, link.url);
  await expect(page.frameLocator('#f').getByTestId('embed-refused')).toHaveAttribute('data-reason', 'expired');
  expect(await wsStatus(link.token, portal.origin)).toBe(401);
  expect((await events(page)).map((e) => e.event)).not.toContain('connected');
  await page.context().close();
});

test('a link with a changed signature is refused', async ({ browser }) => {
  const link = await mint([portal.origin]);
  const [body, sig] = link.token.split('.') as [string, string];
  const forged = `${body}.${sig.startsWith('A') ? 'B' : 'A'}${sig.slice(1)}`;
  const page = await openPortal(browser, portal, `${stack.baseUrl}/embed/${forged}`);
  await expect(page.frameLocator('#f').getByTestId('embed-refused')).toHaveAttribute('data-reason', 'unauthorized');
  expect(await wsStatus(forged, portal.origin)).toBe(401);
  expect(await wsStatus(link.token, portal.origin)).not.toBe(401);
  await page.context().close();
});

test('a page on a non-allowed origin is refused', async ({ browser }) => {
  const link = await mint([portal.origin]);
  const page = await openPortal(browser, foreign, link.url);
  await expect(page.frameLocator('#f').getByTestId('embed-refused')).toHaveAttribute('data-reason', 'forbidden');
  expect((await events(page)).map((e) => e.event)).not.toContain('connected');
  expect(await wsStatus(link.token, foreign.origin)).toBe(403);
  await page.context().close();
});

test('the admin revokes a link from the dialog: the framed console ends at once and the link opens nothing more', async ({ browser }) => {
  // The serial console: the admin page and the portal share it through the hub (VNC has one session).
  await adminPage.goto(`${stack.baseUrl}/console/${SITE}/${NS}/${VM}/serial`);
  await adminPage.getByTestId('embed-open').click();
  const dialog = adminPage.getByTestId('embed-dialog');
  await dialog.locator('textarea').fill(portal.origin);
  await dialog.getByRole('button', { name: 'Create embed link' }).click();
  const url = await dialog.getByTestId('embed-url').inputValue();
  const page = await openPortal(browser, portal, url);
  await expect.poll(async () => (await events(page)).map((e) => e.event), { timeout: 120_000 }).toContain('connected');
  await dialog.getByTestId('embed-revoke').click();
  await expect(dialog.getByTestId('embed-revoked')).toBeVisible();
  const info = test.info();
  await adminPage.screenshot({ path: info.outputPath('embed-revoked-dialog.png') });
  await expect
    .poll(async () => (await events(page)).filter((e) => e.event === 'error').map((e) => e.detail?.reason), { timeout: 15_000 })
    .toContain('expired');
  const token = url.split('/embed/')[1] ?? '';
  expect(await wsStatus(token, portal.origin)).toBe(401);
  await page.screenshot({ path: info.outputPath('embed-revoked-portal.png') });
  await page.context().close();
});
