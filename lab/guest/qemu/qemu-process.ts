import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { StatusError } from '../../store/status-error';
import type { GuestSpec } from '../types';
import { AgentLine } from './agent-line';
import { ConsoleLine } from './console-line';
import { QmpClient, connectUnix } from './qmp-client';
import { QEMU_BINARY, qemuArgs, runPaths, type GuestImage, type RunPaths } from './qemu-command';

export interface QemuExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** One QEMU child process with its three connections: QMP, serial console (ttyS0), agent (ttyS1). */
export interface QemuProcess {
  child: ChildProcess;
  run: RunPaths;
  qmp: QmpClient;
  console: ConsoleLine;
  agent: AgentLine;
  exited: Promise<QemuExit>;
  /** Last lines QEMU wrote to stderr, for error messages. */
  stderr(): string;
  /** SIGKILL if still running; resolves when the process is gone and its run dir removed. */
  kill(): Promise<QemuExit>;
}

/** Every QEMU child still running, killed when this Node process exits so none is left behind. */
const running = new Set<ChildProcess>();
let exitHookInstalled = false;

function trackChild(child: ChildProcess): void {
  running.add(child);
  child.once('exit', () => running.delete(child));
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const c of running) c.kill('SIGKILL');
  });
}

/**
 * util-linux's setpriv (essential on Debian) sets the parent-death signal and execs QEMU in the
 * same process, so a guest dies with the lab even when the lab is killed hard (SIGKILL, OOM) and
 * no exit hook runs, and a guest launched while the lab shuts down cannot outlive it.
 */
const SETPRIV = '/usr/bin/setpriv';

function spawnGuest(args: string[]): ChildProcess {
  const opts = { stdio: ['ignore', 'ignore', 'pipe'] as ('ignore' | 'pipe')[] };
  if (process.platform === 'linux' && existsSync(SETPRIV))
    return spawn(SETPRIV, ['--pdeathsig', 'KILL', '--', QEMU_BINARY, ...args], opts);
  return spawn(QEMU_BINARY, args, opts);
}

/** Short run directories: unix socket paths are limited to 107 bytes. */
function makeRunDir(workDir: string | undefined): string {
  return mkdtempSync(path.join(workDir ?? os.tmpdir(), 'evg-'));
}

/**
 * Starts qemu-system-x86_64 in the foreground as our child (never -daemonize: we own the process)
 * and connects to its sockets. The serial and agent connections are made at once so no early
 * output is dropped (a socket chardev discards output while no client is connected).
 */
export async function startQemuProcess(
  spec: GuestSpec,
  image: GuestImage,
  opts: { workDir?: string; incoming: boolean },
): Promise<QemuProcess> {
  const run = runPaths(makeRunDir(opts.workDir));
  const child = spawnGuest(qemuArgs(spec, image, run, opts.incoming));
  trackChild(child);
  let stderr = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (s: string) => (stderr = (stderr + s).slice(-4000)));
  const exited = new Promise<QemuExit>((resolve) => {
    child.once('exit', (code, signal) => {
      rmSync(run.dir, { recursive: true, force: true });
      resolve({ code, signal });
    });
    child.once('error', (err) => {
      stderr += String(err);
      rmSync(run.dir, { recursive: true, force: true });
      resolve({ code: -1, signal: null });
    });
  });
  const kill = async (): Promise<QemuExit> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    return exited;
  };
  try {
    const connected = Promise.all([
      connectUnix(run.serial, 10_000),
      connectUnix(run.agent, 10_000),
      QmpClient.connect(run.qmp, 10_000),
    ]);
    const failed = exited.then(() => {
      throw new StatusError(500, 'InternalError', `qemu exited at start: ${stderr.trim()}`);
    });
    const [serial, agent, qmp] = await Promise.race([connected, failed]);
    return {
      child,
      run,
      qmp,
      console: new ConsoleLine(serial),
      agent: new AgentLine(agent),
      exited,
      stderr: () => stderr,
      kill,
    };
  } catch (err) {
    await kill();
    throw err;
  }
}
