/**
 * Browser-side helpers for the console e2e specs: a signed-in context on a console stack, and
 * reading what the consoles show.
 */
import { expect, type Browser, type BrowserContext, type Page } from '@playwright/test';

/** Follows the stack's one-time link once and returns a context holding the session. */
export async function signedInContext(browser: Browser, signInUrl: string): Promise<BrowserContext> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(signInUrl);
  await expect(page.getByTestId('user-menu')).toBeVisible();
  await page.close();
  return context;
}

/** Text of the xterm screen (DOM renderer rows). */
export function terminalText(page: Page): Promise<string> {
  return page.locator('[data-testid=serial-terminal] .xterm-rows').innerText();
}

/** The CSRF token of the page's session, for API calls made as that user. */
export async function csrfToken(page: Page): Promise<string> {
  const res = await page.request.get(`${new URL(page.url()).origin}/api/session`);
  const body = (await res.json()) as { csrfToken?: string };
  if (!body.csrfToken) throw new Error('not signed in');
  return body.csrfToken;
}

/** The serial hub's buffered output of a VM (GET …/buffer), as the page's user. */
export async function serialBuffer(page: Page, site: string, ns: string, name: string): Promise<string> {
  const res = await page.request.get(`${new URL(page.url()).origin}/api/console/serial/${site}/${ns}/${name}/buffer`);
  return res.ok() ? res.text() : '';
}

/** Waits for a console's status bar to show `state`. */
export async function expectConsoleState(page: Page, testId: 'vnc-console' | 'serial-console', state: string, timeout = 60_000): Promise<void> {
  await expect(page.getByTestId(testId).getByTestId('console-status')).toHaveAttribute('data-state', state, { timeout });
}
