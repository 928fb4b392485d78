/**
 * A console stack for the console e2e specs: the edge lab as its own process (`npm run lab`,
 * whose admin API can restart a site's API server) and `npm start` pointed at the lab's
 * kubeconfig, with the frame-ancestors the embed tests need. Both run as separate process
 * groups and are stopped together.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { keepLog, registerEnvSecrets, registerKubeconfig, registerSecrets } from '../../e2e/fixtures/leak-watch';

const root = fileURLToPath(new URL('../..', import.meta.url));

export interface ConsoleStack {
  baseUrl: string;
  signInUrl: string;
  adminUrl: string;
  adminToken: string;
  /** Restarts one site's API server through the lab's admin API (open websockets drop). */
  restartSite(name: string): Promise<void>;
  stop(): Promise<void>;
}

export interface StackOptions {
  sites: string[];
  frameAncestors?: string[];
  /** Extra environment for the console (e.g. EDGEVIRT_SERIAL_LINGER_MS). */
  env?: Record<string, string>;
  labEnv?: Record<string, string>;
  /** Extra lab flags (e.g. `--seed infra` for sites without the demo fleet). */
  labArgs?: string[];
}

/** Signals a whole process group; a group that is already gone is fine. */
function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // ESRCH: every process of the group has exited already.
  }
}

function stopGroup(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    const pid = child.pid;
    if (child.exitCode !== null || pid === undefined) return resolve();
    const killer = setTimeout(() => signalGroup(pid, 'SIGKILL'), 10_000);
    killer.unref();
    child.once('exit', () => {
      clearTimeout(killer);
      resolve();
    });
    signalGroup(pid, 'SIGTERM');
  });
}

/** Spawns a command in its own process group and resolves with the first match of `ready`. */
function spawnUntil(cmd: string, args: string[], env: NodeJS.ProcessEnv, ready: RegExp, timeoutMs: number): Promise<{ child: ChildProcess; match: RegExpExecArray }> {
  const child = spawn(cmd, args, { cwd: root, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  keepLog(cmd === 'npm' ? 'stack-console' : 'stack-lab', child);
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stopGroup(child);
      reject(new Error(`${cmd} ${args.join(' ')} not ready after ${timeoutMs} ms:\n${output.slice(-3000)}`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const m = ready.exec(output);
      if (!m) return;
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.stdout?.resume();
      resolve({ child, match: m });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (c: Buffer) => void (output += c.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${cmd} exited with ${code}:\n${output.slice(-3000)}`));
    });
  });
}

/** Starts the lab and the console; resolves once both printed their ready lines. */
export async function startConsoleStack(opts: StackOptions): Promise<ConsoleStack> {
  const dir = mkdtempSync(join(tmpdir(), 'edgevirt-console-e2e-'));
  const kubeconfig = join(dir, 'kubeconfig');
  const tsx = join(root, 'node_modules/tsx/dist/cli.mjs');
  const baseEnv: NodeJS.ProcessEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' };
  delete baseEnv.KUBECONFIG;
  const lab = await spawnUntil(
    process.execPath,
    [tsx, 'lab/main.ts', '--sites', opts.sites.join(','), '--kubeconfig-out', kubeconfig, '--time-scale', '0.1', ...(opts.labArgs ?? [])],
    { ...baseEnv, ...opts.labEnv },
    /admin: (http:\/\/\S+)/,
    120_000,
  );
  const adminUrl = lab.match[1] ?? '';
  const doc = parse(readFileSync(kubeconfig, 'utf8')) as { users?: { name: string; user?: { token?: string } }[] };
  const adminToken = doc.users?.find((u) => u.name === 'admin')?.user?.token ?? '';
  registerKubeconfig('stack-lab', kubeconfig);
  registerEnvSecrets('stack-console', opts.env);
  let consoleProc: ChildProcess | undefined;
  try {
    const args = ['start', '--', '--kubeconfig', kubeconfig, '--port', '0'];
    if (opts.frameAncestors?.length) args.push('--frame-ancestors', opts.frameAncestors.join(' '));
    const started = await spawnUntil('npm', args, { ...baseEnv, ...opts.env }, /Edgevirt Console ready: (\S+)/, 600_000);
    consoleProc = started.child;
    const signInUrl = started.match[1] ?? '';
    registerSecrets('stack-console', { 'sign-in token': new URL(signInUrl).searchParams.get('token') ?? undefined });
    return {
      baseUrl: new URL(signInUrl).origin,
      signInUrl,
      adminUrl,
      adminToken,
      async restartSite(name) {
        const res = await fetch(`${adminUrl}/sites/${encodeURIComponent(name)}/restart`, {
          method: 'POST',
          headers: { authorization: `Bearer ${adminToken}` },
        });
        if (!res.ok) throw new Error(`lab restart of ${name} failed: HTTP ${res.status} ${await res.text()}`);
      },
      async stop() {
        if (consoleProc) await stopGroup(consoleProc);
        await stopGroup(lab.child);
      },
    };
  } catch (err) {
    await stopGroup(lab.child);
    throw err;
  }
}
