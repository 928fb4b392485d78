/**
 * In-cluster mode exactly as a pod sees it: the service-account files (token, ca.crt,
 * namespace) at /var/run/secrets/kubernetes.io/serviceaccount (bind-mounted in a private mount
 * namespace, so nothing on this machine is touched) and KUBERNETES_SERVICE_HOST/PORT naming a
 * lab site. The server is started from the pod's flags and environment (parseFlags, as
 * server/main.ts does; without Next.js), signs users in with OIDC against the real
 * oidc-provider peer and acts as them by impersonation; when the token file is rotated the new
 * token is used (client-go's rule: re-read within a minute; the console's cache adds up to one).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, renameSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiPath } from '@/lib/k8s/api-path';
import { VM_GVR } from '@/lib/k8s/resources/virtual-machine';
import { startLab, type Lab } from '../../lab/lab';
import { Browser } from '../support/http-client';
import { eventually } from '../support/bff-env';
import { signInAt, startIdp, type TestIdp } from '../support/oidc-idp';

const root = fileURLToPath(new URL('../..', import.meta.url));
const SA_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';
const client = { id: 'edgevirt-console', secret: 'in-cluster-client-secret-0123456789' };
const vmsPath = `/k8s/in-cluster${apiPath(VM_GVR, { namespace: 'production' })}`;

let lab: Lab;
let idp: TestIdp;
let proc: ChildProcess | undefined;
let output = '';
let base = '';
const sa = mkdtempSync(join(tmpdir(), 'edgevirt-sa-'));

/** Writes a file as kubelet's atomic writer does: a new file renamed over the old one. */
function writeAtomically(name: string, text: string): void {
  writeFileSync(join(sa, `.${name}.tmp`), text, { mode: 0o644 });
  renameSync(join(sa, `.${name}.tmp`), join(sa, name));
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

const START = `(async () => {
  const { parseFlags } = await import('./server/config/flags.ts');
  const { startServer } = await import('./server/start-server.ts');
  const server = await startServer({ ...parseFlags(process.argv.slice(1), process.env), next: false });
  console.log('Edgevirt Console ready: ' + server.url);
  process.on('SIGTERM', () => server.close().then(() => process.exit(0)));
})().catch((err) => { console.error(err); process.exit(1); });`;

beforeAll(async () => {
  lab = await startLab({ sites: ['central'], seed: 'demo', timeScale: 0.05 });
  const site = new URL(lab.site('central').url);
  // The pod's identity starts as a token that may not impersonate (the operator's); rotation
  // swaps in the console service account's token.
  writeAtomically('token', lab.tokens.operator);
  writeAtomically('ca.crt', lab.caPem);
  writeAtomically('namespace', 'edgevirt');
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  const redirectUri = `${base}/api/auth/oidc/callback`;
  idp = await startIdp({ alice: ['edgevirt:viewers'] }, { ...client, redirectUri });
  writeFileSync(join(sa, '..client-secret'), client.secret, { mode: 0o600 });
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: sa,
    NODE_ENV: 'production' as const,
    KUBERNETES_SERVICE_HOST: site.hostname,
    KUBERNETES_SERVICE_PORT: site.port,
    PORT: String(port),
    EDGEVIRT_HOST: '127.0.0.1',
    EDGEVIRT_SESSION_SECRET: 'in-cluster-session-secret-0123456789abcdef',
    EDGEVIRT_OIDC_ISSUER: idp.issuer,
    EDGEVIRT_OIDC_CLIENT_ID: client.id,
    EDGEVIRT_OIDC_CLIENT_SECRET_FILE: join(sa, '..client-secret'),
    EDGEVIRT_OIDC_REDIRECT_URI: redirectUri,
    EDGEVIRT_OIDC_USERNAME_CLAIM: 'preferred_username',
    EDGEVIRT_LOG_LEVEL: 'silent',
  };
  const tsx = join(root, 'node_modules/tsx/dist/cli.mjs');
  // A fresh tmpfs on /run (in the private namespace only) holds the mount point, so nothing is
  // created on this machine's own /run.
  const script = `mount -t tmpfs tmpfs /run && mkdir -p ${SA_DIR} && mount --bind "$0" ${SA_DIR} && exec "$@"`;
  const child = spawn(
    'unshare',
    [
      '-m',
      '--propagation',
      'private',
      'sh',
      '-c',
      script,
      sa,
      process.execPath,
      tsx,
      '-e',
      START,
      '--',
      '--in-cluster',
      '--auth',
      'oidc',
    ],
    { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  proc = child;
  child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not ready:\n${output}`)), 60_000);
    child.once('exit', (code) => reject(new Error(`exited with ${code}:\n${output}`)));
    child.stdout?.on('data', () => {
      if (!output.includes('Edgevirt Console ready')) return;
      clearTimeout(timer);
      resolve();
    });
  });
}, 120_000);

afterAll(async () => {
  if (proc && proc.exitCode === null) {
    proc.kill('SIGTERM');
    await new Promise((r) => proc?.once('exit', r));
  }
  await idp?.close();
  await lab?.stop();
});

async function signIn(username: string): Promise<Browser> {
  const b = new Browser(base);
  const jar = new Map<string, Map<string, string>>();
  const callback = await signInAt(
    `${base}/api/auth/oidc/login?returnTo=/vms`,
    username,
    `${base}/api/auth/oidc/callback`,
    jar,
  );
  for (const [k, v] of jar.get(b.origin) ?? []) b.cookies.set(k, v);
  const u = new URL(callback);
  expect((await b.call('GET', u.pathname + u.search)).status).toBe(303);
  return b;
}

describe('in-cluster mode', () => {
  it('has one site named in-cluster, from the service-account files and KUBERNETES_SERVICE_*', async () => {
    const b = await signIn('alice');
    const s = (await b.call('GET', '/api/session')).json<{ user: { username: string } }>();
    expect(s.user.username).toBe('alice');
    const clusters = await b.call('GET', '/api/clusters');
    expect(clusters.status).toBe(200);
    expect(clusters.text).toContain('"in-cluster"');
  });

  it('acts as the signed-in user by impersonation, and uses a rotated token file', async () => {
    const b = await signIn('alice');
    // The first token may not impersonate: the site refuses the service account itself.
    const before = await b.call('GET', vmsPath);
    expect(before.status).toBe(403);
    expect(before.text).toContain('User \\"operator\\" cannot impersonate resource \\"users\\"');
    writeAtomically('token', lab.tokens.console);
    const after = await eventually(
      async () => {
        const r = await b.call('GET', vmsPath);
        return r.status === 200 ? r : false;
      },
      150_000,
      1000,
    );
    expect(after.json<{ items: unknown[] }>().items.length).toBeGreaterThan(0);
    // Still alice, not the service account: a viewer may not delete.
    const csrf = (await b.call('GET', '/api/session')).json<{ csrfToken: string }>().csrfToken;
    const name = after.json<{ items: { metadata: { name: string } }[] }>().items[0]?.metadata.name ?? '';
    const del = await b.call(
      'DELETE',
      `/k8s/in-cluster${apiPath(VM_GVR, { namespace: 'production', name })}`,
      {
        headers: { origin: b.origin, 'x-csrf-token': csrf },
      },
    );
    expect(del.status).toBe(403);
    expect(del.text).toContain('User \\"alice\\" cannot delete resource');
  }, 180_000);
});
