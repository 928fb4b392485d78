/**
 * `npm run bench [-- name …]`: runs each benchmark in its own process (so memory figures are
 * its own) one after another, and prints one JSON object keyed by benchmark name.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const ALL = ['lab-api', 'lab-controllers', 'bff', 'guests', 'vm-list-page', 'replicas', 'uploads', 'fleet-scale', 'migration-dashboards', 'noc-soak'];
const chosen = process.argv.slice(2).filter((a) => ALL.includes(a));
const names = chosen.length ? chosen : ALL;

/** The benchmark scripts print one JSON document on stdout; take the outermost object. */
function parseJson(stdout: string): unknown {
  const start = stdout.indexOf('{');
  const end = stdout.lastIndexOf('}');
  if (start < 0 || end < start) throw new Error('no JSON in output');
  return JSON.parse(stdout.slice(start, end + 1));
}

const results: Record<string, unknown> = {};
for (const name of names) {
  process.stderr.write(`bench: ${name}…\n`);
  const r = spawnSync(
    process.execPath,
    ['--expose-gc', join(root, 'node_modules/tsx/dist/cli.mjs'), join(root, 'bench', `${name}.ts`)],
    {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  try {
    results[name] = r.status === 0 ? parseJson(r.stdout) : { error: `exit ${r.status ?? r.signal}` };
  } catch (err) {
    results[name] = { error: (err as Error).message };
  }
}
console.log(
  JSON.stringify(
    { machine: { cores: (await import('node:os')).cpus().length, node: process.version }, results },
    null,
    2,
  ),
);
