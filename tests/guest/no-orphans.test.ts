/** QEMU guests never outlive the lab, even when it is killed hard (no exit hook runs). */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { requireQemu, runQemuTests } from '../support/qemu-required';

const root = join(import.meta.dirname, '..', '..');

/** Pids whose parent is `ppid` (field 4 of /proc/<pid>/stat, after the parenthesised name). */
function childrenOf(ppid: number): number[] {
  return readdirSync('/proc').flatMap((d) => {
    if (!/^\d+$/.test(d)) return [];
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === ppid ? [Number(d)] : [];
    } catch {
      return [];
    }
  });
}

const alive = (pid: number) => {
  try {
    return !readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z ');
  } catch {
    return false;
  }
};

describe.runIf(runQemuTests)('QEMU guests and a lab killed hard', { timeout: 180_000 }, () => {
  it('die with the process that started them (SIGKILL leaves no QEMU behind)', async () => {
    requireQemu();
    const holder = spawn(
      join(root, 'node_modules/.bin/tsx'),
      [join(import.meta.dirname, 'fixtures/hold-guest.ts')],
      { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    await new Promise<void>((resolve, reject) => {
      holder.stdout.on('data', (b: Buffer) => b.toString().includes('ready') && resolve());
      holder.once('exit', (code) =>
        reject(new Error(`holder exited with ${code} before its guest was ready`)),
      );
    });
    // tsx runs the script in a node child of its own: the guest's parent is that process.
    const nodes = [holder.pid ?? 0, ...childrenOf(holder.pid ?? 0)];
    const guests = nodes
      .flatMap(childrenOf)
      .filter((pid) => readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('qemu-system-x86_64'));
    expect(guests).toHaveLength(1);
    for (const pid of nodes.slice().reverse()) process.kill(pid, 'SIGKILL');
    try {
      await expect.poll(() => guests.filter(alive), { timeout: 15_000, interval: 100 }).toEqual([]);
    } finally {
      for (const pid of guests.filter(alive)) process.kill(pid, 'SIGKILL');
    }
  });
});
