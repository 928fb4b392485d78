import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLab, type Lab } from '../../lab/lab';
import { hasReference, referenceDir } from '../support/kubevirt-reference';

// An oracle: runs where upstream's examples are present, and always (failing if missing) in CI.
const runOracle = hasReference() || process.env.CI === 'true';
import { ensureKubectl, kubectlFor, type Kubectl } from './kubectl-helpers';

const EXAMPLES = join(referenceDir(), 'examples');

/**
 * Manifests a real cluster refuses on `kubectl apply -f`, with the reason. Everything else
 * must be accepted (a real apiserver accepts objects that reference missing PVCs, images or
 * NADs; they only fail later at run time).
 */
const REFUSED: Record<string, { error: RegExp; why: string }> = {
  'cdi/upload-datavolume-token.yaml': {
    error: /MethodNotAllowed|does not allow this method/,
    why: 'UploadTokenRequest is a create-only virtual resource of the CDI aggregated API: client-side apply first GETs the object, which the real API answers with 405',
  },
  'kubevirt/migration-job.yaml': {
    error: /vmi-migratable/,
    why: "applied before its VMI exists: KubeVirt's migration admission webhook refuses a migration of a missing VMI",
  },
};

describe.runIf(runOracle)('kubectl apply -f of every upstream example', () => {
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

  const files = (runOracle ? ['kubevirt', 'cdi'] : []).flatMap((dir) => readdirSync(join(EXAMPLES, dir)).filter((f) => f.endsWith('.yaml')).sort().map((f) => `${dir}/${f}`));
  // The migration example goes first, while its VMI does not exist yet.
  files.sort((a, b) => Number(b === 'kubevirt/migration-job.yaml') - Number(a === 'kubevirt/migration-job.yaml'));

  it('finds the examples', () => {
    expect(files.length).toBeGreaterThanOrEqual(20);
  });

  for (const file of files) {
    it(`apply ${file}`, async () => {
      const r = await k.run(['apply', '-f', join(EXAMPLES, file)]);
      const refused = REFUSED[file];
      if (refused) {
        expect(r.code, refused.why).not.toBe(0);
        expect(r.stderr, refused.why).toMatch(refused.error);
      } else {
        // Deprecation warnings (e.g. kubevirt.io/v1alpha3 in cdi/vm-dv.yaml) are printed as on a real cluster.
        expect(r.stderr.split('\n').filter((l) => l && !l.startsWith('Warning: '))).toEqual([]);
        expect(r.code).toBe(0);
        expect(r.stdout).toMatch(/ (created|configured|unchanged)$/m);
      }
    });
  }

  it('creates an UploadTokenRequest with kubectl create (POST only, as CDI serves it)', async () => {
    const out = await k.ok(['create', '-f', join(EXAMPLES, 'cdi/upload-datavolume-token.yaml')]);
    expect(out).toContain('uploadtokenrequest.upload.cdi.kubevirt.io/upload-datavolume created');
  });

  it('re-applying an unchanged manifest is a no-op', async () => {
    const out = await k.ok(['apply', '-f', join(EXAMPLES, 'kubevirt/vm-cirros.yaml')]);
    expect(out.trim()).toBe('virtualmachine.kubevirt.io/vm-cirros unchanged');
  });

  it('stored the applied objects with server-set metadata', async () => {
    const vm = JSON.parse(await k.ok(['get', 'vm', 'vm-cirros', '-o', 'json']));
    expect(vm.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(vm.metadata.annotations['kubectl.kubernetes.io/last-applied-configuration']).toContain('vm-cirros');
    const names = (await k.ok(['get', 'vmi', '-o', 'name'])).trim().split('\n');
    expect(names).toContain('virtualmachineinstance.kubevirt.io/vmi-masquerade');
    const policy = await k.ok(['get', 'migrationpolicies', 'example-migration-policy', '-o', 'jsonpath={.spec.allowPostCopy}']);
    expect(policy).toBe('false');
  });

  it('server-side apply creates and then updates', async () => {
    const manifest = JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'ssa', namespace: 'default' }, data: { a: '1' } });
    expect(await k.ok(['apply', '--server-side', '-f', '-'], manifest)).toContain('configmap/ssa serverside-applied');
    const changed = manifest.replace('"a":"1"', '"a":"2"');
    expect(await k.ok(['apply', '--server-side', '-f', '-'], changed)).toContain('serverside-applied');
    expect(await k.ok(['get', 'cm', 'ssa', '-o', 'jsonpath={.data.a}'])).toBe('2');
  });
});
