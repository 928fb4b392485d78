import { BuiltinGuest, type BuiltinGuestOptions } from './builtin/builtin-guest';
import { findGuestImage, qemuAvailable, type GuestImage } from './qemu/qemu-command';
import { QemuGuest } from './qemu/qemu-guest';
import type { Guest, GuestFactory, GuestSpec } from './types';

export interface GuestFactoryOptions {
  /** Most real QEMU guests at once (default 16, or $EDGEVIRT_QEMU_CAP); later ones are built-in. */
  qemuCap?: number;
  /** Where QEMU run directories (sockets, serial log) go; default the OS temp dir. */
  workDir?: string;
  /** Default: true when qemu-system-x86_64 and the built image exist. */
  useQemu?: boolean;
  /** Real guests booting at once (default 2, or $EDGEVIRT_QEMU_BOOT_CONCURRENCY); the others wait. */
  bootConcurrency?: number;
  /** Options for built-in guests (boot time). */
  builtin?: BuiltinGuestOptions;
}

/** A counting semaphore: at most `n` holders at once, the rest wait in order. */
function semaphore(n: number): () => Promise<() => void> {
  let free = n;
  const waiting: (() => void)[] = [];
  const release = (): void => {
    const next = waiting.shift();
    if (next) next();
    else free++;
  };
  return () =>
    new Promise((resolve) => {
      const grant = (): void => resolve(once(release));
      if (free > 0) {
        free--;
        grant();
      } else waiting.push(grant);
    });
}

function once(fn: () => void): () => void {
  let done = false;
  return () => {
    if (!done) fn();
    done = true;
  };
}

function bootConcurrency(): number {
  const v = Number(process.env.EDGEVIRT_QEMU_BOOT_CONCURRENCY);
  return Number.isInteger(v) && v > 0 ? v : 2;
}

function capFromEnv(): number {
  const v = Number(process.env.EDGEVIRT_QEMU_CAP);
  return Number.isInteger(v) && v >= 0 ? v : 16;
}

/**
 * Starts guests for the lab's VMIs: a real QEMU guest while fewer than `qemuCap` run and QEMU
 * plus the image are installed (scripts/setup-guests.sh), the built-in guest otherwise.
 */
export function createGuestFactory(opts: GuestFactoryOptions = {}): GuestFactory {
  const cap = opts.qemuCap ?? capFromEnv();
  const image: GuestImage | undefined = opts.useQemu === false ? undefined : findGuestImage();
  const useQemu = opts.useQemu ?? (image !== undefined && qemuAvailable());
  const live = new Set<Guest>();
  // TCG boots are CPU-bound: booting more at once than there are cores only slows each down.
  const bootSlot = semaphore(opts.bootConcurrency ?? bootConcurrency());

  const track = (guest: Guest): Guest => {
    live.add(guest);
    guest.onExit(() => live.delete(guest));
    if (guest instanceof QemuGuest) replaceOnMigration(guest, live, track);
    return guest;
  };
  const qemuCount = (): number => [...live].filter((g) => g.kind === 'qemu').length;

  return {
    start(spec: GuestSpec) {
      if (useQemu && image && qemuCount() < cap) {
        return track(new QemuGuest(spec, { image, workDir: opts.workDir, count: () => undefined, bootSlot }));
      }
      return track(new BuiltinGuest(spec, opts.builtin));
    },
    usage() {
      const qemu = qemuCount();
      return { qemu, builtin: live.size - qemu, cap };
    },
    async stopAll() {
      const all = [...live];
      live.clear();
      await Promise.all(all.map((g) => (g instanceof QemuGuest ? g.kill() : (g as BuiltinGuest).kill())));
    },
  };
}

/** After a completed migration the target's Guest takes the source's place in the books. */
function replaceOnMigration(guest: QemuGuest, live: Set<Guest>, track: (g: Guest) => Guest): void {
  const migrate = guest.migrate.bind(guest);
  guest.migrate = (o) => {
    const m = migrate(o);
    const done = m.done.then((target) => {
      live.delete(guest);
      return track(target);
    });
    done.catch(() => undefined);
    return { stats: m.stats, cancel: m.cancel, startPostCopy: m.startPostCopy, done };
  };
}
