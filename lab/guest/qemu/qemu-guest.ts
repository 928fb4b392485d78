import type net from 'node:net';
import type { Duplex } from 'node:stream';
import { StatusError } from '../../store/status-error';
import type { Guest, GuestInfo, GuestMigration, GuestSpec, MigrationOptions } from '../types';
import { connectUnix } from './qmp-client';
import type { GuestImage } from './qemu-command';
import { startQemuProcess, type QemuProcess } from './qemu-process';
import { startQemuMigration } from './qemu-migration';
import { dirtyCommand, parseGuestInfo, INFO_COMMAND } from './guest-commands';

type ExitReason = 'shutdown' | 'crashed' | 'killed';

/** What the factory gives a QEMU guest: where to run, and how to report its process count. */
export interface QemuGuestContext {
  image: GuestImage;
  workDir?: string;
  /** Called when a QEMU process of this guest starts (+1) or ends (-1). */
  count(delta: 1 | -1): void;
  /** Waits for a boot slot (booting is CPU-bound under TCG); the returned function frees it. */
  bootSlot?: () => Promise<() => void>;
}

const BOOT_TIMEOUT_MS = 180_000;

/**
 * A real guest: a qemu-system-x86_64 child process. VNC is QEMU's own RFB server on a unix socket;
 * the serial console is ttyS0, fanned out to one client at a time; ttyS1 is the harness's control
 * line (uname, uptime, dmesg, the dirtying workload) so the user's console never sees our checks.
 */
export class QemuGuest implements Guest {
  readonly kind = 'qemu' as const;
  readonly started: Promise<void>;
  readonly ready: Promise<void>;
  private readonly proc: Promise<QemuProcess>;
  private vnc: net.Socket | undefined;
  private readonly exitCallbacks: ((reason: ExitReason) => void)[] = [];
  private stopping: ExitReason | undefined;
  private migratedAway = false;
  private migrating = false;
  private paused = false;
  private migrationTarget: QemuProcess | undefined;

  constructor(
    readonly spec: GuestSpec,
    private readonly ctx: QemuGuestContext,
    adopt?: QemuProcess,
  ) {
    const slot = adopt ? undefined : (ctx.bootSlot?.() ?? Promise.resolve(() => undefined));
    this.proc = adopt
      ? Promise.resolve(adopt)
      : (slot ?? Promise.resolve()).then(() => startQemuProcess(spec, ctx.image, { workDir: ctx.workDir, incoming: false }));
    if (!adopt) ctx.count(1);
    this.proc.then(
      (p) => void p.exited.then((e) => this.onProcessExit(e.code === 0 ? 'shutdown' : 'crashed')),
      () => this.onProcessExit('crashed'),
    );
    this.started = this.proc.then(() => undefined);
    this.started.catch(() => undefined);
    this.ready = adopt ? Promise.resolve() : this.proc.then((p) => this.waitBoot(p));
    this.ready.catch(() => undefined);
    if (slot) void Promise.all([slot, this.ready.catch(() => undefined)]).then(([release]) => release());
  }

  async openVnc(): Promise<Duplex> {
    const p = await this.proc;
    this.vnc?.destroy();
    const socket = await connectUnix(p.run.vnc, 5000);
    this.vnc = socket;
    socket.once('close', () => {
      if (this.vnc === socket) this.vnc = undefined;
    });
    return socket;
  }

  async openSerial(): Promise<Duplex> {
    return (await this.proc).console.open();
  }

  vncConnections(): number {
    return this.vnc && !this.vnc.destroyed ? 1 : 0;
  }

  async pause(): Promise<void> {
    await (await this.proc).qmp.execute('stop');
    this.paused = true;
  }

  async unpause(): Promise<void> {
    await (await this.proc).qmp.execute('cont');
    this.paused = false;
  }

  async reset(): Promise<void> {
    await (await this.proc).qmp.execute('system_reset');
  }

  /** `reboot` in the guest: busybox init stops everything and the kernel restarts the machine. */
  async softReboot(): Promise<void> {
    const p = await this.proc;
    this.assertRunning();
    p.agent.run('reboot', 2000).catch(() => undefined);
  }

  async shutdown(graceMs: number): Promise<void> {
    const p = await this.proc;
    this.stopping ??= 'shutdown';
    p.agent.run('poweroff', 2000).catch(() => undefined);
    await p.qmp.execute('system_powerdown').catch(() => undefined);
    if (await settlesWithin(p.exited, graceMs)) return;
    await p.qmp.execute('quit').catch(() => undefined);
    if (await settlesWithin(p.exited, 2000)) return;
    await p.kill();
  }

  /** Starts (or stops, at 0) a loop in the guest that rewrites a tmpfs file at about that rate. */
  async setDirtyRate(bytesPerSec: number): Promise<void> {
    const p = await this.proc;
    this.assertRunning();
    const r = await p.agent.run(dirtyCommand(bytesPerSec), 30_000);
    if (r.code !== 0) throw new StatusError(500, 'InternalError', `dirty workload: ${r.output.trim()}`);
  }

  migrate(opts: MigrationOptions): GuestMigration {
    if (this.migrating) throw new StatusError(409, 'Conflict', 'a migration of this guest is already running');
    // As in KubeVirt, a paused VMI is not migrated (and the target check expects a running guest).
    this.assertRunning();
    this.migrating = true;
    const migration = startQemuMigration({
      spec: this.spec,
      image: this.ctx.image,
      workDir: this.ctx.workDir,
      source: this.proc,
      options: opts,
      count: (d) => this.ctx.count(d),
      onTarget: (t) => (this.migrationTarget = t),
      adopt: (target) => new QemuGuest(this.spec, this.ctx, target),
      retireSource: async () => {
        this.migratedAway = true;
        this.vnc?.destroy();
        const p = await this.proc;
        await p.qmp.execute('quit').catch(() => undefined);
        if (!(await settlesWithin(p.exited, 5000))) await p.kill();
      },
    });
    migration.done.then(
      () => undefined,
      () => (this.migrating = false),
    );
    return migration;
  }

  relocate(node: string): void {
    this.spec.node = node;
  }

  async info(): Promise<GuestInfo> {
    const p = await this.proc;
    this.assertRunning();
    const r = await p.agent.run(INFO_COMMAND, 10_000);
    return parseGuestInfo(r.output, this.spec.hostname);
  }

  onExit(cb: (reason: ExitReason) => void): void {
    this.exitCallbacks.push(cb);
  }

  /** The QEMU process id (for measurements). */
  async pid(): Promise<number | undefined> {
    return (await this.proc).child.pid;
  }

  /** Ends the process at once (lab teardown). */
  async kill(): Promise<void> {
    this.stopping ??= 'killed';
    const p = await this.proc.catch(() => undefined);
    await Promise.all([p?.kill(), this.migrationTarget?.kill()]);
  }

  private assertRunning(): void {
    if (this.paused) throw new StatusError(409, 'Conflict', `guest ${this.spec.namespace}/${this.spec.name} is paused`);
  }

  private async waitBoot(p: QemuProcess): Promise<void> {
    const failed = p.exited.then(() => {
      throw new StatusError(500, 'InternalError', `qemu exited while booting: ${p.stderr().trim()}`);
    });
    const booted = Promise.all([p.agent.booted, p.console.waitFor(/edge-vm ready/, BOOT_TIMEOUT_MS + 1000, true)]);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new StatusError(504, 'Timeout', `guest did not boot in ${BOOT_TIMEOUT_MS / 1000} s: ${lastLine(p.console.tail())}`)), BOOT_TIMEOUT_MS);
      timer.unref();
    });
    booted.catch(() => undefined);
    try {
      await Promise.race([booted, failed, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  private onProcessExit(natural: ExitReason): void {
    this.ctx.count(-1);
    this.vnc?.destroy();
    // A guest that moved to its migration target lives on in the new Guest object.
    if (this.migratedAway) return;
    const reason = this.stopping ?? natural;
    for (const cb of this.exitCallbacks.splice(0)) cb(reason);
  }
}

function lastLine(text: string): string {
  return text.trim().split('\n').at(-1)?.trim() ?? '';
}

async function settlesWithin(p: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((r) => (timer = setTimeout(() => r(false), ms)));
  const done = await Promise.race([p.then(() => true), timeout]);
  clearTimeout(timer);
  return done;
}
