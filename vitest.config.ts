import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

export default defineConfig({
  resolve: { alias: { '@': fileURLToPath(new URL('./', import.meta.url)) } },
  test: {
    include: ['{lib,server,lab,components,tests}/**/*.test.{ts,tsx}'],
    exclude: ['node_modules/**', 'e2e/**', '.next/**'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Two cores: a demo lab in every test file must not boot a dozen real QEMU guests. Tests
    // of real guests ask for their own cap.
    env: { EDGEVIRT_QEMU_CAP: process.env.EDGEVIRT_QEMU_CAP ?? '1' },
    maxWorkers: 2,
  },
});
