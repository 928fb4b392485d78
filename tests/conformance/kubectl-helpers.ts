import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Lab } from '../../lab/lab';

export interface KubectlResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs kubectl against a lab, each test dir with its own kubeconfig and discovery cache. */
export interface Kubectl {
  run(args: string[], input?: string): Promise<KubectlResult>;
  /** Runs and throws unless the exit code is 0. */
  ok(args: string[], input?: string): Promise<string>;
  spawn(args: string[]): ChildProcess;
  kubeconfigPath: string;
}

export const KUBECTL = process.env.KUBECTL ?? '/usr/bin/kubectl';

/**
 * Makes sure kubectl exists: when it is absent, installs Debian's `kubernetes-client`
 * (under the shared apt lock), as CI machines without the Cloud SDK need.
 */
export async function ensureKubectl(): Promise<void> {
  if (existsSync(KUBECTL)) return;
  await new Promise<void>((resolve, reject) => {
    execFile('sh', ['-c', 'flock /tmp/apt.lock sh -c "apt-get update -q && apt-get install -y -q kubernetes-client"'], { timeout: 300_000 }, (err) => (err ? reject(err) : resolve()));
  });
  if (!existsSync(KUBECTL)) throw new Error(`kubectl not found at ${KUBECTL} after installing kubernetes-client`);
}

export function kubectlFor(lab: Lab): Kubectl {
  const dir = mkdtempSync(join(tmpdir(), 'lab-kubectl-'));
  const kubeconfigPath = join(dir, 'kubeconfig');
  writeFileSync(kubeconfigPath, lab.kubeconfig, { mode: 0o600 });
  const env = { ...process.env, KUBECONFIG: kubeconfigPath, KUBECACHEDIR: join(dir, 'cache'), HOME: dir };
  const run = (args: string[], input?: string) =>
    new Promise<KubectlResult>((resolve) => {
      const child = execFile(KUBECTL, args, { env, timeout: 60_000, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
        const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? ((err as { code: number }).code) : 1) : 0;
        resolve({ code, stdout, stderr });
      });
      if (input !== undefined) child.stdin?.end(input);
    });
  return {
    kubeconfigPath,
    run,
    async ok(args, input) {
      const r = await run(args, input);
      if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')} failed (${r.code}): ${r.stderr}${r.stdout}`);
      return r.stdout;
    },
    spawn: (args) => spawn(KUBECTL, args, { env, stdio: ['ignore', 'pipe', 'pipe'] }),
  };
}

/** Collects a child's output from the start, so nothing printed between waits is lost. */
export interface Output {
  /** Resolves with all stdout so far once `predicate` holds on it; rejects after `ms`. */
  until(predicate: (out: string) => boolean, ms?: number): Promise<string>;
}

export function collect(child: ChildProcess): Output {
  let out = '';
  let err = '';
  let exit = 'running';
  const waiters = new Set<() => void>();
  child.stdout?.on('data', (d: Buffer) => {
    out += d.toString();
    for (const w of [...waiters]) w();
  });
  child.stderr?.on('data', (d: Buffer) => {
    err += d.toString();
  });
  child.once('exit', (code, signal) => {
    exit = `exited ${code ?? signal}`;
  });
  return {
    until(predicate, ms = 20_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (!predicate(out)) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(out);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`timed out waiting for output (${exit}); got: ${out}; stderr: ${err}`));
        }, ms);
        waiters.add(check);
        check();
      });
    },
  };
}
