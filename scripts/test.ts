/**
 * `npm test`: every check in order — typecheck, lint, the dead-export check, unit and integration tests (vitest), the
 * production build, and the end-to-end tests in Debian's Chromium (Playwright). Runs them all
 * even when one fails, then prints one closing line with the totals.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = join(root, 'test-results');
mkdirSync(out, { recursive: true });
const bin = (name: string) => join(root, 'node_modules', '.bin', name);
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' };

interface Step {
  name: string;
  cmd: string;
  args: string[];
  count?: () => { passed: number; failed: number; skipped: number };
  extraEnv?: Record<string, string>;
}

function vitestCounts() {
  const r = JSON.parse(readFileSync(join(out, 'vitest.json'), 'utf8'));
  return { passed: r.numPassedTests, failed: r.numFailedTests, skipped: r.numPendingTests + r.numTodoTests };
}

function playwrightCounts() {
  const r = JSON.parse(readFileSync(join(out, 'playwright.json'), 'utf8'));
  const s = r.stats ?? {};
  return { passed: s.expected ?? 0, failed: (s.unexpected ?? 0) + (s.flaky ?? 0), skipped: s.skipped ?? 0 };
}

const only = process.argv.slice(2);
const steps: Step[] = [
  { name: 'typecheck', cmd: bin('tsc'), args: ['--noEmit', '-p', 'tsconfig.json'] },
  { name: 'lint', cmd: bin('eslint'), args: ['.', '--max-warnings=0'] },
  // Exports and files nothing imports (knip.json names the entry points).
  { name: 'dead-exports', cmd: bin('knip'), args: ['--include', 'exports,types,files', '--no-progress'] },
  {
    name: 'unit+integration',
    cmd: bin('vitest'),
    args: ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${join(out, 'vitest.json')}`],
    count: vitestCounts,
  },
  { name: 'browser', cmd: 'bash', args: [join(root, 'scripts/ensure-browser.sh')] },
  { name: 'build', cmd: bin('next'), args: ['build'] },
  {
    name: 'e2e',
    cmd: bin('playwright'),
    args: ['test', '--reporter=list,json'],
    count: playwrightCounts,
    extraEnv: { PLAYWRIGHT_JSON_OUTPUT_NAME: join(out, 'playwright.json') },
  },
];

const totals = { passed: 0, failed: 0, skipped: 0 };
const failedSteps: string[] = [];
for (const step of steps) {
  if (only.length && !only.includes(step.name)) continue;
  const started = Date.now();
  console.log(`\n=== ${step.name}`);
  const r = spawnSync(step.cmd, step.args, { cwd: root, stdio: 'inherit', env: { ...env, ...step.extraEnv } });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  let counted = false;
  if (step.count) {
    try {
      const c = step.count();
      totals.passed += c.passed;
      totals.failed += c.failed;
      totals.skipped += c.skipped;
      counted = true;
    } catch {
      // No report means the runner itself failed; the exit status below records it.
    }
  }
  if (r.status !== 0) {
    failedSteps.push(step.name);
    if (!counted) totals.failed += 1;
  } else if (!step.count) {
    totals.passed += 1;
  }
  console.log(`=== ${step.name}: ${r.status === 0 ? 'ok' : `FAILED (exit ${r.status ?? r.signal})`} in ${seconds}s`);
  if (step.name === 'browser' && r.status !== 0) break;
}

if (process.env.CI === 'true' && totals.skipped > 0) {
  console.log(`${totals.skipped} tests were skipped under CI=true; CI must skip none.`);
  failedSteps.push('skipped-in-ci');
}
if (failedSteps.length) console.log(`failed steps: ${failedSteps.join(', ')}`);
console.log(`tests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(failedSteps.length || !existsSync(root) ? 1 : 0);
