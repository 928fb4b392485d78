import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect, ensureKubectl, KUBECTL } from './kubectl-helpers';

/**
 * The repository alone is whole: its files (git ls-files) copied to a temp dir with no
 * ../shared beside it, the installed packages linked in but not their cache, so the lab
 * derives its schemas from scratch there. It then refuses an invalid VM naming the field, and
 * `kubectl explain` reads its OpenAPI, as a real cluster's.
 */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

const INVALID_VM = `apiVersion: kubevirt.io/v1
kind: VirtualMachine
metadata:
  name: many-cores
spec:
  runStrategy: Halted
  template:
    spec:
      domain:
        cpu:
          cores: "many"
        devices: {}
        resources:
          requests:
            memory: 64Mi
`;

function copyRepository(to: string): void {
  const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], {
    cwd: ROOT,
    encoding: 'utf8',
  })
    .split('\0')
    .filter(Boolean);
  for (const f of files) {
    if (!existsSync(join(ROOT, f))) continue; // deleted in the work tree, not yet committed
    mkdirSync(dirname(join(to, f)), { recursive: true });
    cpSync(join(ROOT, f), join(to, f));
  }
  mkdirSync(join(to, 'node_modules'));
  for (const entry of readdirSync(join(ROOT, 'node_modules'))) {
    if (entry !== '.cache') symlinkSync(join(ROOT, 'node_modules', entry), join(to, 'node_modules', entry));
  }
}

describe('a copy of the repository with no ../shared beside it', () => {
  let dir: string;
  let repo: string;
  let lab: ChildProcess | undefined;
  let kubectl: (args: string[], input?: string) => { code: number; stdout: string; stderr: string };

  beforeAll(async () => {
    await ensureKubectl();
    dir = mkdtempSync(join(tmpdir(), 'edgevirt-clone-'));
    repo = join(dir, 'edgevirt');
    copyRepository(repo);
    const kubeconfig = join(dir, 'kubeconfig');
    lab = spawn(
      join(repo, 'node_modules', '.bin', 'tsx'),
      [
        'lab/main.ts',
        '--sites',
        'central',
        '--seed',
        'none',
        '--time-scale',
        '0.05',
        '--kubeconfig-out',
        kubeconfig,
      ],
      {
        cwd: repo,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    await collect(lab).until((out) => out.includes('site central:'), 180_000);
    const env = { ...process.env, KUBECONFIG: kubeconfig, KUBECACHEDIR: join(dir, 'kube-cache'), HOME: dir };
    kubectl = (args, input) => {
      try {
        return {
          code: 0,
          stdout: execFileSync(KUBECTL, args, {
            env,
            input,
            encoding: 'utf8',
            stdio: ['pipe', 'pipe', 'pipe'],
          }),
          stderr: '',
        };
      } catch (err) {
        const e = err as { status?: number; stdout?: string; stderr?: string };
        return { code: e.status ?? 1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
      }
    };
  }, 240_000);

  afterAll(() => {
    lab?.kill('SIGTERM');
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('has no reference data anywhere', () => {
    expect(existsSync(join(dir, 'shared'))).toBe(false);
    const files = execFileSync('git', ['ls-files'], { cwd: ROOT, encoding: 'utf8' }).split('\n');
    expect(files.filter((f) => /(^|\/)kubevirt-reference\/|swagger\.json$|crd\.ya?ml$/.test(f))).toEqual([]);
  });

  it('generated its schemas from the dependency', () => {
    const cache = readdirSync(join(repo, 'node_modules', '.cache', 'edgevirt-lab-schemas'));
    expect(cache).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^kubevirt-\w+\.json$/),
        expect.stringMatching(/^cdi-\w+\.json$/),
      ]),
    );
  });

  it('refuses cpu.cores: "many" with the field named', () => {
    const r = kubectl(['apply', '-f', '-'], INVALID_VM);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain(
      'spec.template.spec.domain.cpu.cores: Invalid value: "string": spec.template.spec.domain.cpu.cores in body must be of type integer: "string"',
    );
    expect(kubectl(['get', 'vm', 'many-cores']).stderr).toContain('NotFound');
  });

  it('accepts the same VM with a number of cores', () => {
    const r = kubectl(['apply', '-f', '-'], INVALID_VM.replace('"many"', '2'));
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('virtualmachine.kubevirt.io/many-cores created');
  });

  it('answers kubectl explain virtualmachine.spec', () => {
    const r = kubectl(['explain', 'virtualmachine.spec']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^GROUP:\s+kubevirt\.io$/m);
    expect(r.stdout).toMatch(/^KIND:\s+VirtualMachine$/m);
    expect(r.stdout).toMatch(/^FIELD: spec <VirtualMachineSpec>$/m);
    expect(r.stdout).toMatch(/runStrategy\s+<string>/);
    expect(r.stdout).toMatch(/template\s+<VirtualMachineInstanceTemplateSpec> -required-/);
  });

  it('serves the same schemas as Swagger 2.0 at /openapi/v2', () => {
    const r = kubectl(['get', '--raw', '/openapi/v2']);
    expect(r.stderr).toBe('');
    const doc = JSON.parse(r.stdout);
    expect(doc.swagger).toBe('2.0');
    const vm = doc.definitions['v1.VirtualMachine'];
    expect(vm['x-kubernetes-group-version-kind']).toEqual(
      expect.arrayContaining([{ group: 'kubevirt.io', version: 'v1', kind: 'VirtualMachine' }]),
    );
    expect(doc.definitions['v1.CPU'].properties.cores.type).toBe('integer');
    // CDI's short names are its own: a DataVolume's storage requests resolve to CDI's definitions.
    expect(doc.definitions['io.kubevirt.cdi.v1beta1.StorageSpec'].properties.resources.$ref).toBe(
      '#/definitions/io.kubevirt.cdi.v1.VolumeResourceRequirements',
    );
    expect(
      doc.paths['/apis/kubevirt.io/v1/namespaces/{namespace}/virtualmachines'].post.parameters[0],
    ).toMatchObject({ name: 'body', in: 'body' });
  });
});
