import net from 'node:net';
import { StatusError } from '../../store/status-error';
import type { Guest, GuestMigration, GuestSpec, MigrationOptions, MigrationStats } from '../types';
import type { GuestImage } from './qemu-command';
import { startQemuProcess, type QemuProcess } from './qemu-process';
import { DMESG_CHECK } from './guest-commands';
import { toMigrationStats, type QueryMigrate } from './migration-stats';

/** What a migration needs from its source guest. */
export interface MigrationContext {
  spec: GuestSpec;
  image: GuestImage;
  workDir?: string;
  source: Promise<QemuProcess>;
  options: MigrationOptions;
  count(delta: 1 | -1): void;
  /** Wraps the verified target process in a new Guest. */
  adopt(target: QemuProcess): Guest;
  /** Told about the target process as soon as it runs (so a teardown can kill it). */
  onTarget(target: QemuProcess | undefined): void;
  /** Stops the source process once the target took over. */
  retireSource(): Promise<void>;
}

/** "Unlimited" bandwidth: QEMU has no 0 = unlimited, so a rate far above loopback speed. */
const UNLIMITED_BYTES_PER_SEC = 100 * 1024 ** 3;
const POLL_MS = 250;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

function capabilities(o: MigrationOptions): { capabilities: { capability: string; state: boolean }[] } {
  return {
    capabilities: [
      { capability: 'auto-converge', state: o.allowAutoConverge },
      { capability: 'postcopy-ram', state: o.allowPostCopy },
    ],
  };
}

/**
 * A real live migration between two local QEMU processes: the target is started with the same
 * command line plus `-incoming defer`, listens on a free loopback port, and the source runs QMP
 * `migrate` with the options' bandwidth and capabilities. The target is checked before it
 * replaces the source (QEMU 7.2 under TCG can corrupt a heavily dirtying guest).
 */
export function startQemuMigration(ctx: MigrationContext): GuestMigration {
  let last: MigrationStats | undefined;
  let target: QemuProcess | undefined;
  const started = (async () => {
    const src = await ctx.source;
    target = await startQemuProcess(ctx.spec, ctx.image, { workDir: ctx.workDir, incoming: true });
    ctx.count(1);
    ctx.onTarget(target);
    const port = await freePort();
    const uri = `tcp:127.0.0.1:${port}`;
    await target.qmp.execute('migrate-set-capabilities', capabilities(ctx.options));
    await target.qmp.execute('migrate-incoming', { uri });
    await src.qmp.execute('migrate-set-capabilities', capabilities(ctx.options));
    const bw = ctx.options.bandwidthBytesPerSec > 0 ? ctx.options.bandwidthBytesPerSec : UNLIMITED_BYTES_PER_SEC;
    await src.qmp.execute('migrate-set-parameters', { 'max-bandwidth': Math.round(bw) });
    const sendPort = ctx.options.via ? await ctx.options.via(port) : port;
    await src.qmp.execute('migrate', { uri: `tcp:127.0.0.1:${sendPort}` });
    return { src, target };
  })();

  const dropTarget = async (): Promise<void> => {
    const t = target;
    target = undefined;
    ctx.onTarget(undefined);
    if (t) {
      await t.kill();
      ctx.count(-1);
    }
  };

  const stats = async (): Promise<MigrationStats> => {
    const { src } = await started;
    if (src.qmp.isClosed() && last) return last;
    last = toMigrationStats(await src.qmp.execute<QueryMigrate>('query-migrate'));
    return last;
  };

  const done = (async (): Promise<Guest> => {
    let src: QemuProcess;
    try {
      ({ src } = await started);
    } catch (err) {
      await dropTarget();
      throw err;
    }
    const final = await waitFinished(stats);
    if (final.status !== 'completed') {
      await dropTarget();
      await resumeSource(src);
      const why = final.status === 'cancelled' ? 'migration cancelled' : `migration failed: ${final.error ?? 'unknown error'}`;
      throw new StatusError(final.status === 'cancelled' ? 409 : 500, final.status === 'cancelled' ? 'Conflict' : 'InternalError', why);
    }
    const t = target;
    if (!t) throw new StatusError(500, 'InternalError', 'migration target vanished');
    try {
      await verifyTarget(t);
    } catch (err) {
      await dropTarget();
      await resumeSource(src);
      throw new StatusError(500, 'InternalError', `migration target unhealthy, source resumed: ${(err as Error).message}`);
    }
    target = undefined;
    ctx.onTarget(undefined);
    await ctx.retireSource();
    return ctx.adopt(t);
  })();
  done.catch(() => undefined);

  return {
    stats,
    done,
    async cancel() {
      const { src } = await started;
      await src.qmp.execute('migrate_cancel');
    },
    async startPostCopy() {
      const { src } = await started;
      if (!ctx.options.allowPostCopy) throw new StatusError(409, 'Conflict', 'post-copy is not allowed for this migration');
      await src.qmp.execute('migrate-start-postcopy');
    },
  };
}

async function waitFinished(stats: () => Promise<MigrationStats>): Promise<MigrationStats> {
  for (;;) {
    const s = await stats();
    if (s.status === 'completed' || s.status === 'failed' || s.status === 'cancelled') return s;
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

/** The source keeps running after a failed or cancelled migration; resume it if QEMU left it stopped. */
async function resumeSource(src: QemuProcess): Promise<void> {
  const st = await src.qmp.execute<{ status: string }>('query-status').catch(() => undefined);
  if (st && (st.status === 'postmigrate' || st.status === 'finish-migrate')) await src.qmp.execute('cont');
}

/** The target runs, its control line and serial console answer, and its kernel logged no BUG/Oops. */
async function verifyTarget(t: QemuProcess): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const st = await t.qmp.execute<{ status: string }>('query-status');
    if (st.status === 'running') break;
    if (Date.now() > deadline) throw new Error(`target is ${st.status}, not running`);
    await new Promise((r) => setTimeout(r, 100));
  }
  // A guest resumed on a busy 2-core machine has been seen silent for over 15 s (CI, load 15).
  await t.agent.probe(30_000);
  const dmesg = await t.agent.run(DMESG_CHECK, 10_000);
  if (dmesg.output.trim()) throw new Error(`target kernel log: ${dmesg.output.trim().split('\n')[0]}`);
  const prompt = t.console.waitFor(/# /, 10_000);
  t.console.write('\n');
  await prompt;
}
