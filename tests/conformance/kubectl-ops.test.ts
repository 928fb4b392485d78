import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLab, type Lab } from '../../lab/lab';
import { collect, ensureKubectl, kubectlFor, type Kubectl } from './kubectl-helpers';

function vm(name: string, ns: string, labels: Record<string, string> = {}) {
  return {
    apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachine', metadata: { name, namespace: ns, labels },
    spec: {
      runStrategy: 'Halted',
      template: { spec: { domain: { devices: {}, memory: { guest: '128Mi' } } } },
    },
  };
}

describe('kubectl against the lab', () => {
  let lab: Lab;
  let k: Kubectl;
  beforeAll(async () => {
    await ensureKubectl();
    lab = await startLab({ sites: ['central', 'region-east'], seed: 'none', timeScale: 0.05 });
    k = kubectlFor(lab);
    await k.ok(['create', 'namespace', 'team-a']);
    for (const [name, ns, labels] of [
      ['web-1', 'default', { tier: 'web', env: 'prod' }], ['web-2', 'default', { tier: 'web', env: 'dev' }],
      ['db-1', 'default', { tier: 'db', env: 'prod' }], ['other', 'team-a', { tier: 'web' }],
    ] as const) {
      await k.ok(['create', '-f', '-'], JSON.stringify(vm(name, ns, labels)));
    }
  });
  afterAll(async () => {
    await lab.stop();
  });

  it('lists kinds with api-resources, including KubeVirt short names', async () => {
    const out = await k.ok(['api-resources']);
    expect(out).toMatch(/^virtualmachines\s+vm,vms\s+kubevirt\.io\/v1\s+true\s+VirtualMachine$/m);
    expect(out).toMatch(/^datavolumes\s+dv,dvs\s+cdi\.kubevirt\.io\/v1beta1\s+true\s+DataVolume$/m);
    expect(out).toMatch(/^network-attachment-definitions\s+net-attach-def\s+k8s\.cni\.cncf\.io\/v1\s+true/m);
    expect(out).toMatch(/^migrationpolicies\s+migrations\.kubevirt\.io\/v1alpha1\s+false\s+MigrationPolicy$/m);
    expect(out).not.toMatch(/subresources\.kubevirt\.io/);
  });

  it('prints KubeVirt printer columns, wide columns and names', async () => {
    const table = await k.ok(['get', 'vm']);
    expect(table.split('\n')[0]).toMatch(/^NAME\s+AGE\s+STATUS\s+READY$/);
    expect(table).toMatch(/^web-1\s+\d+s\s/m);
    await k.ok(['create', '-f', '-'], JSON.stringify({
      apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachineInstance', metadata: { name: 'wide-vmi' }, spec: { domain: { devices: {}, memory: { guest: '64Mi' } } },
    }));
    const wide = await k.ok(['get', 'vmi', 'wide-vmi', '-o', 'wide']);
    expect(wide.split('\n')[0]).toMatch(/^NAME\s+AGE\s+PHASE\s+IP\s+NODENAME\s+READY\s+LIVE-MIGRATABLE\s+PAUSED$/);
    expect((await k.ok(['get', 'vmi', 'wide-vmi'])).split('\n')[0]).not.toContain('LIVE-MIGRATABLE');
    const all = await k.ok(['get', 'vm', '-A']);
    expect(all).toMatch(/^team-a\s+other\s/m);
    expect(all.split('\n')[0]).toMatch(/^NAMESPACE\s+NAME/);
  });

  it('returns real objects for -o yaml and -o json', async () => {
    const yaml = await k.ok(['get', 'vm', 'web-1', '-o', 'yaml']);
    expect(yaml).toMatch(/^kind: VirtualMachine$/m);
    expect(yaml).toMatch(/resourceVersion: "\d+"/);
    const list = JSON.parse(await k.ok(['get', 'vm', '-o', 'json']));
    expect(list.kind).toBe('List');
    expect(list.items.map((i: { metadata: { name: string } }) => i.metadata.name).sort()).toEqual(['db-1', 'web-1', 'web-2']);
  });

  it('filters with label selectors (=, !=, in, notin, exists) and field selectors', async () => {
    const names = async (args: string[]) => (await k.ok(['get', 'vm', '-o', 'name', ...args])).trim().split('\n').filter(Boolean).sort();
    expect(await names(['-l', 'tier=web'])).toEqual(['virtualmachine.kubevirt.io/web-1', 'virtualmachine.kubevirt.io/web-2']);
    expect(await names(['-l', 'tier!=web'])).toEqual(['virtualmachine.kubevirt.io/db-1']);
    expect(await names(['-l', 'env in (dev)'])).toEqual(['virtualmachine.kubevirt.io/web-2']);
    expect(await names(['-l', 'env notin (dev),tier'])).toEqual(['virtualmachine.kubevirt.io/db-1', 'virtualmachine.kubevirt.io/web-1']);
    expect(await names(['-A', '-l', '!env'])).toEqual(['virtualmachine.kubevirt.io/other']);
    expect(await names(['--field-selector', 'metadata.name=web-2'])).toEqual(['virtualmachine.kubevirt.io/web-2']);
    expect(await names(['-A', '--field-selector', 'metadata.namespace!=default'])).toEqual(['virtualmachine.kubevirt.io/other']);
    const bad = await k.run(['get', 'vm', '--field-selector', 'spec.bogus=x']);
    expect(bad.stderr).toContain('field label not supported: spec.bogus');
  });

  it('pages with --chunk-size', async () => {
    const r = await k.run(['get', 'vm', '-A', '--chunk-size=1', '-o', 'name', '-v=6']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(4);
    expect(r.stderr).toMatch(/continue=/);
  });

  it('patches with merge, json and strategic (built-ins) and refuses strategic on CRDs', async () => {
    await k.ok(['patch', 'vm', 'web-1', '--type', 'merge', '-p', '{"metadata":{"labels":{"patched":"merge"}}}']);
    await k.ok(['patch', 'vm', 'web-1', '--type', 'json', '-p', '[{"op":"replace","path":"/spec/runStrategy","value":"Manual"}]']);
    const obj = JSON.parse(await k.ok(['get', 'vm', 'web-1', '-o', 'json']));
    expect(obj.metadata.labels.patched).toBe('merge');
    expect(obj.spec.runStrategy).toBe('Manual');
    expect(obj.metadata.generation).toBe(2);
    const strategic = await k.run(['patch', 'vm', 'web-1', '-p', '{"metadata":{"labels":{"x":"y"}}}']);
    expect(strategic.code).not.toBe(0);
    expect(strategic.stderr).toContain('application/strategic-merge-patch+json is not supported by kubevirt.io/v1, Kind=VirtualMachine');
    await k.ok(['create', 'configmap', 'cfg', '--from-literal=a=1']);
    await k.ok(['patch', 'configmap', 'cfg', '-p', '{"data":{"b":"2"}}']);
    expect(await k.ok(['get', 'cm', 'cfg', '-o', 'jsonpath={.data}'])).toBe('{"a":"1","b":"2"}');
    const failedTest = await k.run(['patch', 'vm', 'web-1', '--type', 'json', '-p', '[{"op":"test","path":"/spec/runStrategy","value":"Always"}]']);
    expect(failedTest.code).not.toBe(0);
  });

  it('answers a stale resourceVersion with 409 Conflict', async () => {
    const obj = JSON.parse(await k.ok(['get', 'vm', 'web-2', '-o', 'json']));
    await k.ok(['label', 'vm', 'web-2', 'bump=1']);
    obj.metadata.labels.stale = 'yes';
    const r = await k.run(['replace', '-f', '-'], JSON.stringify(obj));
    expect(r.stderr).toMatch(/Conflict|the object has been modified/);
  });

  it('refuses an invalid VirtualMachine with field paths', async () => {
    const bad = vm('bad', 'default');
    Object.assign(bad.spec, { running: true });
    (bad.spec.template.spec as Record<string, unknown>).networks = [{ name: 'net', pod: {} }];
    (bad.spec.template.spec.domain.devices as Record<string, unknown>).interfaces = [{ name: 'net', slirp: {} }];
    const r = await k.run(['apply', '-f', '-'], JSON.stringify(bad));
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('The VirtualMachine "bad" is invalid');
    expect(r.stderr).toContain('spec.running: Running and RunStrategy are mutually exclusive');
    expect(r.stderr).toContain('spec.template.spec.domain.devices.interfaces[0].slirp: Slirp interface support has been discontinued since v1.3');
    const typed = vm('typed', 'default') as unknown as { spec: Record<string, unknown> };
    typed.spec.runStrategy = 5;
    const r2 = await k.run(['create', '-f', '-'], JSON.stringify(typed));
    expect(r2.stderr).toContain('spec.runStrategy');
    const name = await k.run(['create', '-f', '-'], JSON.stringify(vm('Not_Valid', 'default')));
    expect(name.stderr).toContain('metadata.name: Invalid value: "Not_Valid"');
    const unknown = { ...vm('unknown-field', 'default'), spec: { ...vm('x', 'default').spec, bogus: 1 } };
    const strict = await k.run(['apply', '-f', '-'], JSON.stringify(unknown));
    expect(strict.stderr).toContain('unknown field "spec.bogus"');
  });

  it('passes KubeVirt deprecation warnings through (spec.running, v1alpha3)', async () => {
    const legacy = vm('legacy', 'default') as unknown as { apiVersion: string; spec: Record<string, unknown> };
    delete legacy.spec.runStrategy;
    legacy.spec.running = false;
    legacy.apiVersion = 'kubevirt.io/v1alpha3';
    const r = await k.run(['create', '-f', '-'], JSON.stringify(legacy));
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('Warning: spec.running is deprecated, please use spec.runStrategy instead.');
    expect(r.stderr).toContain('Warning: kubevirt.io/v1alpha3 is now deprecated');
  });

  it('dry-runs on the server without storing', async () => {
    await k.ok(['create', '-f', '-', '--dry-run=server'], JSON.stringify(vm('dry', 'default')));
    const r = await k.run(['get', 'vm', 'dry']);
    expect(r.stderr).toContain('virtualmachines.kubevirt.io "dry" not found');
  });

  it('watches: get -w sees a change', async () => {
    const child = k.spawn(['get', 'vm', 'web-1', '-w', '-o', 'custom-columns=NAME:.metadata.name,RS:.spec.runStrategy', '--no-headers']);
    const output = collect(child);
    try {
      await output.until((o) => /web-1\s+Manual/.test(o));
      await k.ok(['patch', 'vm', 'web-1', '--type', 'merge', '-p', '{"spec":{"runStrategy":"Halted"}}']);
      const out = await output.until((o) => /web-1\s+Halted/.test(o));
      expect(out).toMatch(/web-1\s+Halted/);
    } finally {
      child.kill();
    }
  });

  it('watches a list in Table form and sees additions', async () => {
    const child = k.spawn(['get', 'vm', '-w']);
    const output = collect(child);
    try {
      await output.until((o) => o.includes('web-2'));
      await k.ok(['create', '-f', '-'], JSON.stringify(vm('late', 'default')));
      const out = await output.until((o) => /^late\s/m.test(o));
      expect(out.split('\n')[0]).toMatch(/^NAME\s+AGE\s+STATUS/);
    } finally {
      child.kill();
    }
  });

  it('deletes with --wait and cascades to owned objects', async () => {
    const owner = JSON.parse(await k.ok(['get', 'cm', 'cfg', '-o', 'json']));
    await k.ok(['create', '-f', '-'], JSON.stringify({
      apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'child', ownerReferences: [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'cfg', uid: owner.metadata.uid }] },
    }));
    expect(await k.ok(['delete', 'vm', 'db-1', '--wait'])).toContain('virtualmachine.kubevirt.io "db-1" deleted');
    expect((await k.run(['get', 'vm', 'db-1'])).stderr).toContain('not found');
    await k.ok(['delete', 'cm', 'cfg', '--wait']);
    expect((await k.run(['get', 'cm', 'child'])).stderr).toContain('not found');
  });

  it('delete --wait waits for finalizers, then sees DELETED', async () => {
    await k.ok(['create', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'held', finalizers: ['example.com/hold'] } }));
    const child = k.spawn(['delete', 'cm', 'held', '--wait', '--timeout=60s']);
    const output = collect(child);
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    await output.until((o) => o.includes('configmap "held" deleted'));
    expect(await k.ok(['get', 'cm', 'held', '-o', 'jsonpath={.metadata.deletionTimestamp}'])).not.toBe('');
    await k.ok(['patch', 'cm', 'held', '--type', 'json', '-p', '[{"op":"remove","path":"/metadata/finalizers"}]']);
    expect(await exited).toBe(0);
    expect((await k.run(['get', 'cm', 'held'])).stderr).toContain('not found');
  });

  it('creates typed objects sent as protobuf (namespace, configmap, secret)', async () => {
    await k.ok(['create', 'namespace', 'proto-ns']);
    await k.ok(['create', 'secret', 'generic', 's1', '--from-literal=user=admin', '-n', 'proto-ns']);
    expect(await k.ok(['get', 'secret', 's1', '-n', 'proto-ns', '-o', 'jsonpath={.data.user}'])).toBe(Buffer.from('admin').toString('base64'));
    expect(await k.ok(['get', 'ns', 'proto-ns', '-o', 'jsonpath={.status.phase}'])).toBe('Active');
    await k.ok(['delete', 'ns', 'proto-ns', '--wait']);
    expect((await k.run(['get', 'secret', 's1', '-n', 'proto-ns'])).stderr).toMatch(/not found/);
  });

  it('keeps a namespace Terminating while finalizers hold its content', async () => {
    await k.ok(['create', 'namespace', 'term']);
    await k.ok(['create', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'held', namespace: 'term', finalizers: ['example.com/hold'] } }));
    await k.ok(['create', 'configmap', 'free', '-n', 'term']);
    await k.ok(['delete', 'namespace', 'term', '--wait=false']);
    expect(await k.ok(['get', 'ns', 'term', '-o', 'jsonpath={.status.phase}'])).toBe('Terminating');
    expect((await k.run(['get', 'cm', 'free', '-n', 'term'])).stderr).toContain('not found');
    const refused = await k.run(['create', 'configmap', 'late', '-n', 'term']);
    expect(refused.stderr).toContain('because it is being terminated');
    await k.ok(['patch', 'cm', 'held', '-n', 'term', '--type', 'json', '-p', '[{"op":"remove","path":"/metadata/finalizers"}]']);
    expect((await k.run(['get', 'ns', 'term'])).stderr).toContain('namespaces "term" not found');
  });

  it('scales a VirtualMachineInstanceReplicaSet through its scale subresource', async () => {
    await k.ok(['create', '-f', '-'], JSON.stringify({
      apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachineInstanceReplicaSet', metadata: { name: 'rs' },
      spec: {
        replicas: 0, selector: { matchLabels: { app: 'rs' } },
        template: { metadata: { labels: { app: 'rs' } }, spec: { domain: { devices: {}, memory: { guest: '64Mi' } } } },
      },
    }));
    expect(await k.ok(['scale', 'vmirs', 'rs', '--replicas=2'])).toContain('virtualmachineinstancereplicaset.kubevirt.io/rs scaled');
    expect(await k.ok(['get', 'vmirs', 'rs', '-o', 'jsonpath={.spec.replicas}'])).toBe('2');
    const scale = JSON.parse(await k.ok(['get', '--raw', '/apis/kubevirt.io/v1/namespaces/default/virtualmachineinstancereplicasets/rs/scale']));
    expect(scale).toMatchObject({ kind: 'Scale', apiVersion: 'autoscaling/v1', spec: { replicas: 2 } });
    expect((await k.run(['scale', 'vmirs', 'rs', '--replicas=1', '--user', 'viewer'])).stderr).toContain('forbidden');
    await k.ok(['scale', 'vmirs', 'rs', '--replicas=0', '--user', 'operator']);
  });

  it('serves each site as its own context', async () => {
    await k.ok(['--context', 'region-east', 'create', '-f', '-'], JSON.stringify(vm('east-only', 'default')));
    expect(await k.ok(['--context', 'region-east', 'get', 'vm', '-o', 'name'])).toContain('east-only');
    expect(await k.ok(['--context', 'central', 'get', 'vm', '-o', 'name'])).not.toContain('east-only');
  });
});
