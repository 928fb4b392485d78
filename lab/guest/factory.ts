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
 * Real QEMU guests of every factory that uses the default cap. The lab makes one factory per
 * site, but the cap and the boot slots protect one machine, so they are counted per process.
 */
const processQemu = new Set<Guest>();
let processBootSlot: ReturnType<typeof semaphore> | undefined;

/**
 * Starts guests for the lab's VMIs: a real QEMU guest while fewer than `qemuCap` run and QEMU
 * plus the image are installed (scripts/setup-guests.sh), the built-in guest otherwise.
 */
export function createGuestFactory(opts: GuestFactoryOptions = {}): GuestFactory {
  const cap = opts.qemuCap ?? capFromEnv();
  const image: GuestImage | undefined = opts.useQemu === false ? undefined : findGuestImage();
  const useQemu = opts.useQemu ?? (image !== undefined && qemuAvailable());
  const live = new Set<Guest>();
  const shared = opts.qemuCap === undefined;
  const qemuPool = shared ? processQemu : new Set<Guest>();
  // TCG boots are CPU-bound: booting more at once than there are cores only slows each down.
  const bootSlot =
    shared && opts.bootConcurrency === undefined
      ? (processBootSlot ??= semaphore(bootConcurrency()))
      : semaphore(opts.bootConcurrency ?? bootConcurrency());

  const track = (guest: Guest): Guest => {
    live.add(guest);
    if (guest.kind === 'qemu') qemuPool.add(guest);
    guest.onExit(() => {
      live.delete(guest);
      qemuPool.delete(guest);
    });
    if (guest instanceof QemuGuest) {
      replaceOnMigration(guest, track, (g) => {
        live.delete(g);
        qemuPool.delete(g);
      });
    }
    return guest;
  };
  const qemuCount = (): number => qemuPool.size;

  return {
    start(spec: GuestSpec) {
      if (useQemu && image && qemuCount() < cap) {
        return track(new QemuGuest(spec, { image, workDir: opts.workDir, count: () => undefined, bootSlot }));
      }
      return track(new BuiltinGuest(spec, opts.builtin));
    },
    usage() {
      const qemu = [...live].filter((g) => g.kind === 'qemu').length;
      return { qemu, builtin: live.size - qemu, cap };
    },
    async stopAll() {
      const all = [...live];
      live.clear();
      for (const g of all) qemuPool.delete(g);
      await Promise.all(all.map((g) => (g instanceof QemuGuest ? g.kill() : (g as BuiltinGuest).kill())));
    },
  };
}

/** After a completed migration the target's Guest takes the source's place in the books. */
function replaceOnMigration(guest: QemuGuest, track: (g: Guest) => Guest, forget: (g: Guest) => void): void {
  const migrate = guest.migrate.bind(guest);
  guest.migrate = (o) => {
    const m = migrate(o);
    const done = m.done.then((target) => {
      forget(guest);
      return track(target);
    });
    done.catch(() => undefined);
    return { stats: m.stats, cancel: m.cancel, startPostCopy: m.startPostCopy, done };
  };
}
