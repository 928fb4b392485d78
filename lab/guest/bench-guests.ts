import { readFileSync } from 'node:fs';
import os from 'node:os';
import { createGuestFactory } from './factory';
import { QemuGuest } from './qemu/qemu-guest';
import type { GuestSpec } from './types';

/** Figures for one batch of real guests booted together. */
export interface GuestBatchFigures {
  guests: number;
  /** Seconds from start to the shell prompt, per guest (grows with host load). */
  readySeconds: number[];
  /** CPU seconds each QEMU used to boot to the prompt (load-independent cost of a boot). */
  bootCpuSeconds: number[];
  rssMiB: number[];
  /** Percent of one core each QEMU used while its guest sat idle. */
  idleCpuPercent: number[];
  /** Percent of all host cores busy during the idle window (other helpers' load included). */
  hostBusyPercent: number;
}

export interface GuestBenchFigures {
  cpus: number;
  memTotalMiB: number;
  memAvailableMiB: number;
  batches: GuestBatchFigures[];
  /** Estimate of how many idle real guests this machine holds (memory bound at 80 %, CPU bound at 50 % of the cores). */
  estimatedCapacity: number;
  builtinStartMs: number;
}

const CLK_TCK = 100;

function procCpuTicks(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

function procRssMiB(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Math.round(Number(m[1]) / 1024) : 0;
}

function hostTicks(): { busy: number; total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
  const v = line.trim().split(/\s+/).slice(1).map(Number);
  const total = v.reduce((a, b) => a + b, 0);
  const idle = (v[3] ?? 0) + (v[4] ?? 0);
  return { busy: total - idle, total };
}

function memInfoMiB(key: string): number {
  const m = new RegExp(`${key}:\\s+(\\d+) kB`).exec(readFileSync('/proc/meminfo', 'utf8'));
  return m ? Math.round(Number(m[1]) / 1024) : 0;
}

const round = (n: number, d = 2): number => Math.round(n * 10 ** d) / 10 ** d;

async function batch(n: number, idleSeconds: number): Promise<GuestBatchFigures> {
  const factory = createGuestFactory({ qemuCap: n, useQemu: true });
  const spec = (i: number): GuestSpec => ({ namespace: 'bench', name: `g${i}`, hostname: `bench-${i}`, memoryMiB: 128, cpus: 1, node: 'bench' });
  try {
    const t0 = Date.now();
    const guests = Array.from({ length: n }, (_, i) => factory.start(spec(i)));
    const booted = await Promise.all(
      guests.map(async (g) => {
        const pid = g instanceof QemuGuest ? await g.pid() : undefined;
        await g.ready;
        return { pid, ready: round((Date.now() - t0) / 1000), cpu: pid ? round(procCpuTicks(pid) / CLK_TCK) : 0 };
      }),
    );
    const pids = booted.map((b) => b.pid);
    const readySeconds = booted.map((b) => b.ready);
    const bootCpuSeconds = booted.map((b) => b.cpu);
    // Let boot-time work (init, first timers) settle before measuring idle.
    await new Promise((r) => setTimeout(r, 3000));
    const before = pids.map((p) => (p ? procCpuTicks(p) : 0));
    const hostBefore = hostTicks();
    await new Promise((r) => setTimeout(r, idleSeconds * 1000));
    const hostAfter = hostTicks();
    const idleCpuPercent = pids.map((p, i) => (p ? round(((procCpuTicks(p) - (before[i] ?? 0)) / CLK_TCK / idleSeconds) * 100) : 0));
    return {
      guests: n,
      readySeconds,
      bootCpuSeconds,
      rssMiB: pids.map((p) => (p ? procRssMiB(p) : 0)),
      idleCpuPercent,
      hostBusyPercent: round(((hostAfter.busy - hostBefore.busy) / (hostAfter.total - hostBefore.total)) * 100),
    };
  } finally {
    await factory.stopAll();
  }
}

/**
 * Boots batches of real QEMU guests at once and measures boot time, RSS and idle CPU per guest,
 * then estimates how many idle guests this machine holds. Also times a built-in guest's boot.
 */
export async function benchGuests(opts: { batches?: number[]; idleSeconds?: number } = {}): Promise<GuestBenchFigures> {
  const batches: GuestBatchFigures[] = [];
  for (const n of opts.batches ?? [1, 4]) batches.push(await batch(n, opts.idleSeconds ?? 10));
  const all = batches.flatMap((b) => b.rssMiB.map((rss, i) => ({ rss, cpu: b.idleCpuPercent[i] ?? 0 })));
  const rss = Math.max(1, ...all.map((a) => a.rss));
  const cpu = Math.max(0.05, all.reduce((a, b) => a + b.cpu, 0) / Math.max(1, all.length));
  const memAvailableMiB = memInfoMiB('MemAvailable');
  const cpus = os.cpus().length;
  const builtin = createGuestFactory({ useQemu: false });
  const t0 = Date.now();
  await builtin.start({ namespace: 'bench', name: 'b', hostname: 'b', memoryMiB: 128, cpus: 1, node: 'bench' }).ready;
  const builtinStartMs = Date.now() - t0;
  await builtin.stopAll();
  return {
    cpus,
    memTotalMiB: memInfoMiB('MemTotal'),
    memAvailableMiB,
    batches,
    estimatedCapacity: Math.min(Math.floor((memAvailableMiB * 0.8) / rss), Math.floor((cpus * 100 * 0.5) / cpu)),
    builtinStartMs,
  };
}
