/**
 * The page shell as a user meets it: signed out, the one-time link, the shell in English and in
 * Simplified Chinese, the theme, and honest placeholder pages.
 */
import { expect, test } from './fixtures/test';

test('signed out, the console explains how to sign in', async ({ browser, baseUrl }, testInfo) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${baseUrl}/vms`);
  const card = page.getByTestId('signed-out');
  await expect(card).toBeVisible();
  await expect(card).toContainText('one-time link');
  await expect(card).toContainText('Edgevirt Console ready:');
  await expect(page.getByTestId('user-menu')).toHaveCount(0);
  await page.screenshot({ path: testInfo.outputPath('signed-out.png') });
  await context.close();
});

test('the sign-in link opens the shell in English', async ({ signedInPage: page, baseUrl }, testInfo) => {
  await page.goto(`${baseUrl}/`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Fleet overview');
  await expect(page.getByTestId('overview-tile').first()).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  const nav = page.getByRole('navigation', { name: 'Main navigation' });
  for (const label of ['Overview', 'Virtual machines', 'DataVolumes', 'Networks', 'Migrations', 'Nodes', 'NOC wall']) {
    await expect(nav.getByRole('link', { name: label })).toBeVisible();
  }
  await expect(page.getByTestId('site-switcher')).toContainText('All sites');
  await page.getByTestId('site-switcher').click();
  for (const site of ['central', 'region-east', 'site-factory-01']) {
    await expect(page.locator(`[role=menuitemradio][data-site="${site}"]`)).toBeVisible();
  }
  await page.screenshot({ path: testInfo.outputPath('shell-en-site-switcher.png') });
  await page.keyboard.press('Escape');
  await page.getByTestId('user-menu').click();
  await expect(page.getByRole('menu', { name: 'Account' })).toContainText('Signed in as');
  await expect(page.getByRole('menuitem', { name: 'Sign out' })).toBeVisible();
  await page.keyboard.press('Escape');
  await page.screenshot({ path: testInfo.outputPath('shell-en.png') });
});

test('switching to 简体中文 translates the shell and survives a reload', async ({ signedInPage: page, baseUrl }, testInfo) => {
  await page.goto(`${baseUrl}/vms`);
  await page.getByTestId('language-switch').click();
  await page.getByRole('menuitemradio', { name: '简体中文' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  const nav = page.getByRole('navigation', { name: '主导航' });
  for (const label of ['总览', '虚拟机', '数据卷', '网络', '迁移', '节点', 'NOC 大屏']) {
    await expect(nav.getByRole('link', { name: label })).toBeVisible();
  }
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('虚拟机');
  await expect(page.getByTestId('site-switcher')).toContainText('全部站点');
  await page.screenshot({ path: testInfo.outputPath('shell-zh.png') });

  await page.goto(`${baseUrl}/vms`);
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('虚拟机');
  // None of the English UI is left on the page (VM names and namespaces are data, not UI).
  await expect(page.getByTestId('vm-row').first()).toBeVisible();
  const text = await page.locator('body').innerText();
  for (const english of ['Virtual machines', 'All sites', 'Networks', 'Migrations', 'Nodes', 'Create VM', 'Search', 'Any status', 'All namespaces', 'Labels', 'updated', 'Namespace', 'Status', 'Running', 'Stopped'])
    expect(text, english).not.toContain(english);
  await page.screenshot({ path: testInfo.outputPath('vm-list-zh.png') });

  await page.getByTestId('language-switch').click();
  await page.getByRole('menuitemradio', { name: 'English' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
});

test('the theme toggle switches to dark and remembers it', async ({ signedInPage: page, baseUrl }, testInfo) => {
  await page.goto(`${baseUrl}/vms`);
  const html = page.locator('html');
  const wasDark = ((await html.getAttribute('class')) ?? '').includes('dark');
  await page.getByTestId('theme-toggle').click();
  await expect(html).toHaveClass(wasDark ? /^(?!.*dark)/ : /dark/);
  await page.goto(`${baseUrl}/vms`);
  await expect(html).toHaveClass(wasDark ? /^(?!.*dark)/ : /dark/);
  await expect(page.getByTestId('vm-row').first()).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath(wasDark ? 'vms-light.png' : 'vms-dark.png') });
  await page.getByTestId('theme-toggle').click();
  await expect(html).toHaveClass(wasDark ? /dark/ : /^(?!.*dark)/);
});

test('a sign-in link works only once', async ({ signedInPage, browser, signInUrl }) => {
  // signedInPage guarantees the link was already followed in this run.
  await expect(signedInPage.context().cookies()).resolves.not.toHaveLength(0);
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(signInUrl);
  await expect(page.getByTestId('signed-out')).toContainText('already used');
  await context.close();
});
