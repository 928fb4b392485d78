import { defineConfig } from '@playwright/test';

/**
 * End-to-end tests in Debian's Chromium against `npm start`, started once per run by the global
 * setup (e2e/fixtures/global-setup.ts). Screenshots land in test-results/ (not committed). After
 * the specs, the `leak-check` project searches the whole run's logs and traffic for its secrets.
 */
export default defineConfig({
  testDir: 'e2e',
  projects: [
    { name: 'e2e', testMatch: '**/*.spec.ts', teardown: 'leak-check' },
    { name: 'leak-check', testMatch: 'leak-check.teardown.ts' },
  ],
  outputDir: 'test-results/e2e',
  workers: 1,
  fullyParallel: false,
  forbidOnly: true,
  retries: 0,
  timeout: 120_000,
  expect: { timeout: 30_000 },
  globalSetup: './e2e/fixtures/global-setup.ts',
  reporter: [['list']],
  use: {
    browserName: 'chromium',
    headless: true,
    viewport: { width: 1440, height: 900 },
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.EDGEVIRT_CHROMIUM ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    },
  },
});
