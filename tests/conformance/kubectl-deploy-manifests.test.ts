/**
 * deploy/ as CI applies it: `kubectl apply -k deploy/overlays/<x> --dry-run=server` against a
 * lab site succeeds for both overlays and stores nothing; a manifest with a misspelt field or a
 * value of the wrong type is refused by the server with the field named, as kube-apiserver's
 * strict decoding does.
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLab, type Lab } from '../../lab/lab';
import { ensureKubectl, kubectlFor, type Kubectl } from './kubectl-helpers';

const root = fileURLToPath(new URL('../..', import.meta.url));
const KINDS = [
  'serviceaccount/edgevirt-console',
  'clusterrole.rbac.authorization.k8s.io/edgevirt-console-impersonator',
  'clusterrolebinding.rbac.authorization.k8s.io/edgevirt-fleet-reader',
  'service/edgevirt-console',
  'persistentvolumeclaim/edgevirt-console-shared',
  'deployment.apps/edgevirt-console',
  'poddisruptionbudget.policy/edgevirt-console',
  'networkpolicy.networking.k8s.io/edgevirt-console',
  'ingress.networking.k8s.io/edgevirt-console',
  'ingress.networking.k8s.io/edgevirt-console-uploads',
];

let lab: Lab;
let k: Kubectl;

beforeAll(async () => {
  await ensureKubectl();
  lab = await startLab({ sites: ['central'], seed: 'none', timeScale: 0.05 });
  k = kubectlFor(lab);
  // As on a real cluster, a server-side dry run cannot put objects into a namespace that does
  // not exist yet (the Namespace itself is only dry-run created): create it first.
  await k.ok(['create', 'namespace', 'edgevirt']);
}, 60_000);

afterAll(async () => {
  await lab?.stop();
});

/** A copy of deploy/ with one file edited, so a broken manifest goes through the same overlay. */
function brokenCopy(file: string, edit: (text: string) => string): string {
  const dir = mkdtempSync(join(tmpdir(), 'edgevirt-deploy-'));
  cpSync(join(root, 'deploy'), dir, { recursive: true });
  const path = join(dir, 'base', file);
  const before = readFileSync(path, 'utf8');
  const after = edit(before);
  expect(after, 'the edit changed the manifest').not.toBe(before);
  writeFileSync(path, after);
  return join(dir, 'overlays', 'central');
}

describe('kubectl apply -k deploy/overlays/<x> --dry-run=server', () => {
  for (const overlay of ['central', 'edge'])
    it(`accepts every object of the ${overlay} overlay and stores none`, async () => {
      const out = await k.ok(['apply', '-k', join(root, 'deploy/overlays', overlay), '--dry-run=server']);
      for (const obj of KINDS) expect(out).toContain(`${obj} created (server dry run)`);
      expect(out).toMatch(/configmap\/edgevirt-console-config-\S+ created \(server dry run\)/);
      const stored = await k.run([
        'get',
        'deployment,ingress,networkpolicy,pdb',
        '-n',
        'edgevirt',
        '-o',
        'name',
      ]);
      expect(stored.code).toBe(0);
      expect(stored.stdout.trim()).toBe('');
    }, 60_000);

  it('refuses a misspelt Deployment field, naming it', async () => {
    const dir = brokenCopy('deployment.yaml', (t) =>
      t.replace('revisionHistoryLimit:', 'revisionHistoryLimt:'),
    );
    const r = await k.run(['apply', '-k', dir, '--dry-run=server']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('unknown field "spec.revisionHistoryLimt"');
  }, 60_000);

  it('refuses a misspelt field deep in the pod template and in an Ingress rule', async () => {
    const deep = brokenCopy('deployment.yaml', (t) =>
      t.replace('readOnlyRootFilesystem:', 'readOnlyRootFileSystem:'),
    );
    const r = await k.run(['apply', '-k', deep, '--dry-run=server']);
    expect(r.stderr).toContain(
      'unknown field "spec.template.spec.containers[0].securityContext.readOnlyRootFileSystem"',
    );
    const ing = brokenCopy('ingress.yaml', (t) => t.replace('pathType: Prefix', 'pathKind: Prefix'));
    const r2 = await k.run(['apply', '-k', ing, '--dry-run=server']);
    expect(r2.code).not.toBe(0);
    expect(r2.stderr).toContain('unknown field "spec.rules[0].http.paths[0].pathKind"');
  }, 60_000);

  it('refuses a value of the wrong type with the Go field and type', async () => {
    const dir = brokenCopy('pdb.yaml', (t) => t.replace('minAvailable: 1', 'minAvailable: [1]'));
    const r = await k.run(['apply', '-k', dir, '--dry-run=server']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain(
      'cannot unmarshal array into Go struct field PodDisruptionBudgetSpec.spec.minAvailable of type IntOrString',
    );
    const svc = brokenCopy('service.yaml', (t) => t.replace('port: 80', 'port: "eighty"'));
    const r2 = await k.run(['apply', '-k', svc, '--dry-run=server']);
    expect(r2.stderr).toContain(
      'cannot unmarshal string into Go struct field ServicePort.spec.ports[0].port of type int32',
    );
  }, 60_000);
});
