import type { GuestSpec } from '../types';

export const BUILTIN_KERNEL_RELEASE = '6.1.0-edgevirt';
export const BUILTIN_KERNEL_VERSION = '#1 SMP PREEMPT_DYNAMIC Edgevirt 6.1.0-1 (2026-01-01)';
export const BUILTIN_OS = {
  name: 'Edgevirt Linux',
  id: 'edgevirt',
  version: '1.0',
  prettyName: 'Edgevirt Linux 1.0 (built-in guest)',
};

/**
 * What the built-in guest's consoles share: identity, a guest clock that stops while paused,
 * the kernel log and a small in-memory file system (so text typed on one console can be read
 * on the other, as on a real machine).
 */
export class GuestState {
  readonly files = new Map<string, string>();
  dmesg: string[] = [];
  clipboard = '';
  dirtyRateBytesPerSec = 0;
  private accumulatedMs = 0;
  private runningSince: number | undefined = Date.now();

  constructor(readonly spec: GuestSpec) {}

  get hostname(): string {
    return this.spec.hostname;
  }

  /** Guest uptime in seconds; frozen while paused. */
  uptime(): number {
    const running = this.runningSince === undefined ? 0 : Date.now() - this.runningSince;
    return (this.accumulatedMs + running) / 1000;
  }

  paused(): boolean {
    return this.runningSince === undefined;
  }

  pause(): void {
    if (this.runningSince === undefined) return;
    this.accumulatedMs += Date.now() - this.runningSince;
    this.runningSince = undefined;
  }

  resume(): void {
    this.runningSince ??= Date.now();
  }

  /** A reboot: the clock, kernel log and tmpfs start afresh. */
  rebootClock(): void {
    this.accumulatedMs = 0;
    this.runningSince = this.runningSince === undefined ? undefined : Date.now();
    this.dmesg = [];
    this.files.clear();
  }

  kernelLog(message: string, at = this.uptime()): string {
    const line = `[${at.toFixed(6).padStart(12)}] ${message}`;
    this.dmesg.push(line);
    return line;
  }

  unameAll(): string {
    return `Linux ${this.hostname} ${BUILTIN_KERNEL_RELEASE} ${BUILTIN_KERNEL_VERSION} x86_64 GNU/Linux`;
  }

  osRelease(): string {
    return [
      `PRETTY_NAME="${BUILTIN_OS.prettyName}"`,
      `NAME="${BUILTIN_OS.name}"`,
      `VERSION_ID="${BUILTIN_OS.version}"`,
      `ID=${BUILTIN_OS.id}`,
      '',
    ].join('\n');
  }
}
