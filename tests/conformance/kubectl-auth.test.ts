import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLab, type Lab } from '../../lab/lab';
import { ensureKubectl, kubectlFor, type Kubectl } from './kubectl-helpers';

type User = 'admin' | 'operator' | 'viewer';

/** `kubectl auth can-i` cases: [args, admin, operator, viewer]. */
const MATRIX: [string[], boolean, boolean, boolean][] = [
  [['create', 'virtualmachines.kubevirt.io'], true, true, false],
  [['get', 'virtualmachines.kubevirt.io'], true, true, true],
  [['delete', 'virtualmachineinstances.kubevirt.io'], true, true, false],
  [['update', 'virtualmachines.subresources.kubevirt.io', '--subresource=start'], true, true, false],
  [['update', 'virtualmachines.subresources.kubevirt.io', '--subresource=migrate'], true, true, false],
  [['create', 'virtualmachineinstancemigrations.kubevirt.io'], true, true, false],
  [['get', 'virtualmachineinstances.subresources.kubevirt.io', '--subresource=vnc'], true, true, false],
  [['get', 'virtualmachineinstances.subresources.kubevirt.io', '--subresource=console'], true, true, false],
  [['update', 'virtualmachineinstances.subresources.kubevirt.io', '--subresource=pause'], true, true, false],
  [['get', 'virtualmachineinstances.subresources.kubevirt.io', '--subresource=guestosinfo'], true, true, true],
  [['create', 'datavolumes.cdi.kubevirt.io'], true, true, false],
  [['list', 'nodes'], true, true, true],
  [['patch', 'nodes'], true, false, false],
  [['list', 'events'], true, true, true],
  [['create', 'clusterrolebindings'], true, false, false],
  [['create', 'rolebindings'], true, false, false],
  [['get', 'secrets'], true, false, false],
  [['get', 'storageclasses'], true, true, true],
  [['get', '/version'], true, true, true],
];

describe('kubectl auth against lab RBAC', () => {
  let lab: Lab;
  let k: Kubectl;
  beforeAll(async () => {
    await ensureKubectl();
    lab = await startLab({ sites: ['central'], seed: 'none', timeScale: 0.05 });
    k = kubectlFor(lab);
  });
  afterAll(async () => {
    await lab.stop();
  });

  const canI = async (user: User, args: string[], extra: string[] = []) => {
    const r = await k.run(['auth', 'can-i', '--user', user, ...extra, ...args]);
    return { allowed: r.code === 0 && r.stdout.trim() === 'yes', out: r.stdout.trim() };
  };

  for (const [args, admin, operator, viewer] of MATRIX) {
    it(`can-i ${args.join(' ')}`, async () => {
      const got = { admin: (await canI('admin', args)).allowed, operator: (await canI('operator', args)).allowed, viewer: (await canI('viewer', args)).allowed };
      expect(got).toEqual({ admin, operator, viewer });
    });
  }

  it('answers whoami for each identity', async () => {
    expect(await k.ok(['auth', 'whoami', '--user', 'operator'])).toMatch(/Username\s+operator/);
    expect(await k.ok(['auth', 'whoami', '--user', 'console'])).toMatch(/Username\s+system:serviceaccount:kube-system:edgevirt-console/);
  });

  it('impersonates with --as and --as-group when allowed, and runs the request as that user', async () => {
    const who = await k.ok(['auth', 'whoami', '--as', 'alice', '--as-group', 'edgevirt:viewers', '--as-group', 'ops']);
    expect(who).toMatch(/Username\s+alice/);
    expect(who).toMatch(/Groups\s+\[edgevirt:viewers ops system:authenticated\]/);
    expect((await canI('admin', ['create', 'virtualmachines.kubevirt.io'], ['--as', 'alice', '--as-group', 'edgevirt:viewers'])).allowed).toBe(false);
    expect((await canI('admin', ['get', 'virtualmachines.kubevirt.io'], ['--as', 'alice', '--as-group', 'edgevirt:viewers'])).allowed).toBe(true);
    expect((await canI('admin', ['create', 'virtualmachines.kubevirt.io'], ['--as', 'operator'])).allowed).toBe(true);
    const denied = await k.run(['get', 'secrets', '--as', 'viewer']);
    expect(denied.stderr).toContain('secrets is forbidden: User "viewer" cannot list resource "secrets" in API group "" in the namespace "default"');
  });

  it('lets the console service account impersonate, but not operators', async () => {
    const asConsole = await k.run(['auth', 'whoami', '--user', 'console', '--as', 'bob', '--as-group', 'edgevirt:operators']);
    expect(asConsole.stdout).toMatch(/Username\s+bob/);
    const asOperator = await k.run(['get', 'vm', '--user', 'operator', '--as', 'admin']);
    expect(asOperator.stderr).toContain('users "admin" is forbidden: User "operator" cannot impersonate resource "users" in API group "" at the cluster scope');
  });

  it('refuses a viewer write with 403 and an unknown token with 401', async () => {
    const vm = JSON.stringify({ apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachine', metadata: { name: 'x' }, spec: { runStrategy: 'Halted', template: { spec: { domain: { devices: {} } } } } });
    const r = await k.run(['create', '--user', 'viewer', '-f', '-'], vm);
    expect(r.stderr).toContain('virtualmachines.kubevirt.io is forbidden: User "viewer" cannot create resource "virtualmachines" in API group "kubevirt.io" in the namespace "default"');
    const bad = await k.run(['get', 'vm', '--token', 'nope', '--user', '']);
    expect(bad.stderr).toMatch(/You must be logged in to the server|Unauthorized/);
  });

  it('lists rules with auth can-i --list', async () => {
    const out = await k.ok(['auth', 'can-i', '--list', '--user', 'operator', '-n', 'default']);
    expect(out).toMatch(/virtualmachines\.subresources\.kubevirt\.io\/migrate\s+\[\]\s+\[\]\s+\[update\]/);
  });

  it('follows RBAC changes made through the API (RoleBinding with resourceNames)', async () => {
    await k.ok(['create', 'role', 'one-vm', '--verb=delete', '--resource=virtualmachines.kubevirt.io', '--resource-name=special', '-n', 'default']);
    await k.ok(['create', 'rolebinding', 'viewer-one-vm', '--role=one-vm', '--user=viewer', '-n', 'default']);
    expect((await canI('viewer', ['delete', 'virtualmachines.kubevirt.io/special'])).allowed).toBe(true);
    expect((await canI('viewer', ['delete', 'virtualmachines.kubevirt.io/other'])).allowed).toBe(false);
    expect((await canI('viewer', ['delete', 'virtualmachines.kubevirt.io/special'], ['-n', 'kube-system'])).allowed).toBe(false);
  });
});
