/**
 * Kubeconfigs as k3s and kubeadm write them: the user is a client certificate. The lab's API
 * server authenticates one its CA signed as kube-apiserver does (CN the user, O the groups;
 * RBAC then decides), refuses one from another CA, and both kubectl and the console (local
 * mode, acting with the kubeconfig's credentials) work with such a kubeconfig.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiPath } from '@/lib/k8s/api-path';
import { VM_GVR } from '@/lib/k8s/resources/virtual-machine';
import type { RunningServer } from '@/server/start-server';
import { startLab, type Lab } from '../../lab/lab';
import { createCa } from '../../lab/tls/ca';
import { buildCertificateKubeconfig } from '../../lab/admin/kubeconfig';
import { Browser } from '../support/http-client';
import { startBff } from '../support/bff-env';
import { ensureKubectl, KUBECTL } from './kubectl-helpers';
import { execFile } from 'node:child_process';

let lab: Lab;
const dir = mkdtempSync(join(tmpdir(), 'edgevirt-x509-'));

function kubeconfigFile(name: string, yaml: string): string {
  const path = join(dir, name);
  writeFileSync(path, yaml, { mode: 0o600 });
  return path;
}

function kubectl(
  kubeconfig: string,
  args: string[],
): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = { ...process.env, KUBECONFIG: kubeconfig, KUBECACHEDIR: join(dir, 'cache'), HOME: dir };
  return new Promise((resolve) =>
    execFile(KUBECTL, args, { env, timeout: 60_000 }, (err, stdout, stderr) =>
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    ),
  );
}

beforeAll(async () => {
  await ensureKubectl();
  lab = await startLab({ sites: ['central'], seed: 'demo', timeScale: 0.05 });
}, 60_000);

afterAll(async () => {
  await lab?.stop();
});

describe('x509 client certificates', () => {
  it('kubectl: CN is the user, O the groups, and RBAC decides by them', async () => {
    const kc = kubeconfigFile('alice', lab.certificateKubeconfig('alice', ['edgevirt:operators']));
    const who = await kubectl(kc, ['auth', 'whoami', '-o', 'json']);
    expect(who.code, who.stderr).toBe(0);
    const status = (
      JSON.parse(who.stdout) as { status: { userInfo: { username: string; groups: string[] } } }
    ).status;
    expect(status.userInfo.username).toBe('alice');
    expect(status.userInfo.groups).toEqual(['edgevirt:operators', 'system:authenticated']);
    const vms = await kubectl(kc, ['get', 'virtualmachines', '-A', '-o', 'name']);
    expect(vms.code, vms.stderr).toBe(0);
    expect(vms.stdout).toContain('virtualmachine.kubevirt.io/');
    const canPatchNodes = await kubectl(kc, ['auth', 'can-i', 'patch', 'nodes']);
    expect(canPatchNodes.stdout.trim()).toBe('no');
  }, 60_000);

  it('refuses a certificate another CA signed (401), even with a well-formed subject', async () => {
    const other = createCa('not-the-lab');
    const site = lab.site('central');
    const yaml = buildCertificateKubeconfig(
      [{ name: 'central', url: site.url }],
      lab.caPem,
      'admin',
      other.issueClient('admin', ['system:masters']),
    );
    const r = await kubectl(kubeconfigFile('forged', yaml), ['get', 'namespaces']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('Unauthorized');
  }, 60_000);

  describe('the console with a certificate kubeconfig', () => {
    let server: RunningServer;
    let browser: Browser;
    beforeAll(async () => {
      server = await startBff(lab, {
        auth: 'local',
        kubeconfigYaml: lab.certificateKubeconfig('vera', ['edgevirt:viewers']),
      });
      browser = new Browser(server.url);
      const link = new URL(server.signInUrl ?? '');
      expect((await browser.call('GET', link.pathname + link.search)).status).toBe(303);
    }, 60_000);
    afterAll(async () => {
      await server?.close();
    });

    it('lists VMs as the certificate user and is refused a write by that user', async () => {
      const path = `/k8s/central${apiPath(VM_GVR, { namespace: 'production' })}`;
      const list = await browser.call('GET', path);
      expect(list.status, list.text).toBe(200);
      expect(list.json<{ items: unknown[] }>().items.length).toBeGreaterThan(0);
      const csrf = (await browser.call('GET', '/api/session')).json<{ csrfToken: string }>().csrfToken;
      const vm = list.json<{ items: { metadata: { name: string } }[] }>().items[0]?.metadata.name ?? '';
      const del = await browser.call(
        'DELETE',
        `/k8s/central${apiPath(VM_GVR, { namespace: 'production', name: vm })}`,
        {
          headers: { origin: browser.origin, 'x-csrf-token': csrf },
        },
      );
      expect(del.status, del.text).toBe(403);
      expect(del.text).toContain('User \\"vera\\"');
    }, 60_000);
  });
});
