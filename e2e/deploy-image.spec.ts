/**
 * The container image, checked without a container engine: what the Dockerfile copies exists
 * (and the build context keeps it), the runtime stage is non-root with a /healthz HEALTHCHECK,
 * and its CMD, run in a directory laid out exactly as the runtime stage's COPY lines lay out
 * /app, starts the console from the built output and serves the app.
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from './fixtures/test';
import { shot } from './fixtures/screens';
import { copyParts, execForm, readDockerfile, stageEnv, type Stage } from './fixtures/dockerfile';
import { startLabProcess, type LabProcess } from './fixtures/lab-process';
import { stopProcess } from './fixtures/server';

const root = fileURLToPath(new URL('..', import.meta.url));
const stages = readDockerfile(root);
const build = stages.find((s) => s.name === 'build') as Stage;
const runtime = stages.at(-1) as Stage;
const ignored = readFileSync(join(root, '.dockerignore'), 'utf8')
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l && !l.startsWith('#'));

test.describe.configure({ mode: 'serial' });

test('the build stage copies files that exist and the build context keeps', () => {
  expect(build, 'a stage named "build"').toBeTruthy();
  const copies = build.instructions.filter((i) => i.op === 'COPY').map((i) => copyParts(i.args));
  expect(copies.length).toBeGreaterThan(3);
  for (const { sources } of copies)
    for (const src of sources) {
      expect(existsSync(join(root, src)), `${src} exists`).toBe(true);
      expect(ignored, `${src} is not in .dockerignore`).not.toContain(src);
    }
  const runs = build.instructions
    .filter((i) => i.op === 'RUN')
    .map((i) => i.args)
    .join('\n');
  expect(runs).toContain('npm ci');
  expect(runs).toContain('next build');
});

test('the runtime stage runs as a non-root user with a HEALTHCHECK on /healthz', () => {
  const user = runtime.instructions.find((i) => i.op === 'USER')?.args ?? '';
  expect(user).not.toBe('');
  expect(user.split(':')[0]).not.toMatch(/^(0|root)$/);
  const health = runtime.instructions.find((i) => i.op === 'HEALTHCHECK')?.args ?? '';
  expect(execForm(health).join(' ')).toContain('/healthz');
  // Everything the runtime stage copies comes from the build stage.
  for (const c of runtime.instructions.filter((i) => i.op === 'COPY').map((i) => copyParts(i.args)))
    expect(c.from).toBe('build');
});

let lab: LabProcess | undefined;
let appDir = '';
test.afterAll(async () => {
  await lab?.stop();
  if (appDir) rmSync(appDir, { recursive: true, force: true });
});

/** /app as the runtime stage's COPY lines build it, from this checkout and its build. */
function layOutApp(): string {
  const dir = mkdtempSync(join(tmpdir(), 'edgevirt-image-'));
  const workdir = runtime.instructions.find((i) => i.op === 'WORKDIR')?.args ?? '/';
  for (const { sources, dest } of runtime.instructions
    .filter((i) => i.op === 'COPY')
    .map((i) => copyParts(i.args))) {
    for (const src of sources) {
      const rel = posix.relative('/src', src);
      const target = join(
        dir,
        posix.relative(workdir, posix.resolve(workdir, dest)),
        dest.endsWith('/') ? rel : '',
      );
      expect(existsSync(join(root, rel)), `${rel} (run next build first)`).toBe(true);
      // node_modules is linked, not copied: thousands of files, the same bytes.
      if (rel === 'node_modules') symlinkSync(join(root, rel), target);
      else cpSync(join(root, rel), target, { recursive: true, filter: (p) => !p.includes('/.next/cache') });
    }
  }
  return dir;
}

test('its CMD starts the server from the built output, which serves /healthz and the app', async ({
  page,
}) => {
  lab = await startLabProcess({ sites: ['central'] });
  appDir = layOutApp();
  expect(existsSync(join(appDir, 'lab')), 'the image carries no lab').toBe(false);
  expect(existsSync(join(appDir, 'app')), 'nor the app sources: only .next').toBe(false);
  const [cmd = '', ...args] = execForm(runtime.instructions.find((i) => i.op === 'CMD')?.args ?? '');
  expect(cmd).toBe('node');
  // A pod listens on every address, which the console allows only with a real sign-in mode.
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...stageEnv(runtime),
    PORT: '0',
    KUBECONFIG: lab.kubeconfigPath,
    EDGEVIRT_AUTH: 'token',
    EDGEVIRT_SESSION_SECRET: 'image-test-session-secret-0123456789abcdef',
  };
  expect(env.NODE_ENV).toBe('production');
  expect(env.EDGEVIRT_HOST).toBe('0.0.0.0');
  const child = spawn(process.execPath, args, {
    cwd: appDir,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  const ready = () => /Edgevirt Console ready: (\S+)/.exec(output)?.[1];
  try {
    await expect
      .poll(() => ready() ?? (child.exitCode !== null ? `exited: ${output}` : undefined), { timeout: 90_000 })
      .toMatch(/^http/);
    const base = new URL(ready() ?? '');
    const origin = `http://127.0.0.1:${base.port}`;
    const health = await fetch(`${origin}/healthz`);
    expect(health.status).toBe(200);
    const [hcCmd, ...hcArgs] = execForm(runtime.instructions.find((i) => i.op === 'HEALTHCHECK')?.args ?? '');
    expect(hcCmd).toBe('node');
    const hc = spawn(process.execPath, hcArgs, {
      env: { ...env, PORT: base.port } as NodeJS.ProcessEnv,
      stdio: 'ignore',
    });
    expect(await new Promise((r) => hc.once('exit', r))).toBe(0);
    const signIn = await page.request.post(`${origin}/api/auth/token`, {
      headers: { origin },
      data: { token: lab.adminToken },
    });
    expect(signIn.status(), await signIn.text()).toBe(200);
    await page.goto(`${origin}/vms`);
    await expect(page.getByTestId('user-menu')).toBeVisible();
    await expect(page.getByTestId('vm-row').first()).toBeVisible();
    await shot(page, 'image-layout-vms.png');
  } finally {
    await stopProcess(child);
  }
});
