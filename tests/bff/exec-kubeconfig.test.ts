/**
 * Kubeconfigs as managed clusters hand them out: the user is an exec credential plugin
 * (client.authentication.k8s.io/v1 ExecCredential on stdout), not a token. kubectl and the
 * console both use the same file; the plugin runs, the site answers as that user, and a plugin
 * that fails leaves the site refused with the plugin's words, not the console down.
 */
import { execFile } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { SITES_PATH, type SiteList } from '@/lib/api/sites';
import type { RunningServer } from '@/server/start-server';
import { eventually, startBff, startTestLab, tempFile, type Lab } from '../support/bff-env';
import { Browser } from '../support/http-client';

let lab: Lab;
const servers: RunningServer[] = [];
const dir = tempFile('x').replace(/\/x$/, '');

/** A kubeconfig whose admin user is an exec plugin printing `token` (and counting its runs). */
function execKubeconfig(name: string, script: string): string {
  const plugin = join(dir, `${name}.sh`);
  writeFileSync(plugin, `#!/bin/sh\necho run >> ${dir}/${name}.runs\n${script}\n`);
  chmodSync(plugin, 0o755);
  const doc = parse(lab.kubeconfig) as { users: { name: string; user: Record<string, unknown> }[] };
  const admin = doc.users.find((u) => u.name === 'admin');
  if (!admin) throw new Error('the lab kubeconfig has no admin user');
  admin.user = {
    exec: { apiVersion: 'client.authentication.k8s.io/v1', command: plugin, interactiveMode: 'Never' },
  };
  const file = join(dir, `${name}.kubeconfig`);
  writeFileSync(file, stringify(doc));
  return file;
}

const credential = (token: string) =>
  `cat <<'EOF'\n${JSON.stringify({ apiVersion: 'client.authentication.k8s.io/v1', kind: 'ExecCredential', status: { token } })}\nEOF`;

async function signedIn(server: RunningServer): Promise<Browser> {
  const b = new Browser(server.url);
  const link = new URL(server.signInUrl ?? '');
  await b.call('GET', link.pathname + link.search);
  return b;
}

beforeAll(async () => {
  lab = await startTestLab({ sites: ['central'] });
}, 60_000);

afterAll(async () => {
  for (const s of servers) await s.close();
  await lab?.stop();
});

describe('exec-plugin kubeconfigs', () => {
  it('kubectl and the console both authenticate through the plugin', async () => {
    const file = execKubeconfig('good', credential(lab.tokens.admin));
    // Async: the lab answers from this process, so a blocking kubectl would wait on itself.
    const { stdout: out } = await promisify(execFile)('kubectl', ['--kubeconfig', file, 'get', 'virtualmachines', '-A', '-o', 'name']);
    expect(out).toContain('virtualmachine.kubevirt.io/');
    const server = await startBff(lab, { kubeconfigYaml: readFileSync(file, 'utf8') });
    servers.push(server);
    const b = await signedIn(server);
    const r = await b.call('GET', '/k8s/central/apis/kubevirt.io/v1/virtualmachines');
    expect(r.status, r.text).toBe(200);
    const names = r.json<{ items: { metadata: { name: string } }[] }>().items.map((i) => i.metadata.name);
    expect(`virtualmachine.kubevirt.io/${names[0]}`).toSatisfy((n: string) => out.includes(n));
    expect(readFileSync(join(dir, 'good.runs'), 'utf8').split('\n').filter(Boolean).length).toBeGreaterThanOrEqual(2);
    // The answer is the admin's: who the site thinks we are.
    const review = await b.write(
      'POST',
      '/k8s/central/apis/authentication.k8s.io/v1/selfsubjectreviews',
      { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' },
      (await b.call('GET', '/api/session')).json<{ csrfToken: string }>().csrfToken,
    );
    expect(review.status, review.text).toBe(201);
    expect(review.json<{ status: { userInfo: { username: string } } }>().status.userInfo.username).toBe('admin');
  });

  it('a plugin that fails refuses that site with its words; the console itself starts', async () => {
    const file = execKubeconfig('broken', 'echo "sso session expired: run edge-login" >&2\nexit 1');
    const server = await startBff(lab, { kubeconfigYaml: readFileSync(file, 'utf8') });
    servers.push(server);
    const b = await signedIn(server);
    const r = await b.call('GET', '/k8s/central/apis/kubevirt.io/v1/virtualmachines');
    expect(r.status, r.text).toBe(503);
    expect(r.json<{ message: string }>().message).toBe(
      'the console\'s credentials for site "central" failed (kubeconfig user "admin"): sso session expired: run edge-login',
    );
    // The site list says the same, next to the site, instead of showing it broken.
    const site = await eventually(async () => {
      const list = (await b.call('GET', SITES_PATH)).json<SiteList>();
      const c = list.items.find((x) => x.name === 'central');
      return c?.status === 'unreachable' ? c : undefined;
    });
    expect(site.message).toMatch(/sso session expired: run edge-login$/);
    expect(existsSync(join(dir, 'broken.runs'))).toBe(true);
  });
});
