/**
 * `npm start`: builds the Next.js app when the build is missing or older than the sources,
 * then runs the console server with the arguments given after `--`.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const SOURCES = ['app', 'components', 'lib', 'public', 'next.config.js', 'postcss.config.mjs', 'package-lock.json'];

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

function buildIsCurrent(): boolean {
  const marker = join(root, '.next', 'BUILD_ID');
  if (!existsSync(marker)) return false;
  const built = statSync(marker).mtimeMs;
  return SOURCES.every((s) => newestMtime(join(root, s)) <= built);
}

const args = process.argv.slice(2);
if (!args.includes('--dev') && !buildIsCurrent()) {
  console.error('Building the web app (next build); this happens once after install or a change…');
  const build = spawnSync(process.execPath, [join(root, 'node_modules/next/dist/bin/next'), 'build'], {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
  });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

// Real guests are opted into once (scripts/setup-guests.sh). After that, keep their image in
// step with lab/guest-image: an image from before a change there boots guests without what the
// lab now needs (e.g. NIC drivers). A rerun with nothing changed only compares stamps (~0.2 s).
const guestCache = process.env.EDGEVIRT_GUEST_CACHE ?? join(root, 'lab/guest-image/cache');
if (existsSync(join(guestCache, 'vmlinuz'))) {
  const image = spawnSync('bash', [join(root, 'lab/guest-image/build-image.sh')], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  if (image.status !== 0) console.error('warning: the guest image could not be brought up to date (see above); guests use the one in the cache');
}

const tsx = join(root, 'node_modules/tsx/dist/cli.mjs');
const server = spawn(process.execPath, [tsx, join(root, 'server/main.ts'), ...args], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, NODE_ENV: args.includes('--dev') ? 'development' : 'production', NEXT_TELEMETRY_DISABLED: '1' },
});
for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => server.kill(sig));
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
