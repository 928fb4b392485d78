import type { GuestMigration, MigrationStats } from '../../guest/types';
import type { KubeObject } from '../../store/types';
import { guestMemory } from '../launcher-pod';
import { mutate } from '../mutate';
import { quantityOr } from '../quantity';
import { R } from '../refs';
import { DELAYS, type Runtime } from '../runtime';
import { bandwidthBytes, type MigrationConfig } from './config';
import { finishFailure, finishSuccess } from './finish';
import { acceptableCompletionSec, initialState, stepMigration, type MigrationModelState, type MigrationParams } from './precopy-model';

/** A migration in progress: driven by the pre-copy model, or by a real QEMU migration. */
interface ActiveRun {
  sourceNode: string;
  lastTick: number;
  startedAt: number;
  params: MigrationParams;
  model?: MigrationModelState;
  qemu?: { handle: GuestMigration; outcome?: { ok: true } | { ok: false; error: string }; postCopy: boolean; abortReason?: string };
}

const runs = new Map<string, ActiveRun>();

/** Model parameters for a VMI: its memory, the policy's bandwidth and timeouts, its dirty rate. */
export function paramsFor(vmi: KubeObject, cfg: MigrationConfig): MigrationParams {
  return {
    memoryBytes: guestMemory(vmi),
    bandwidthBytesPerSec: bandwidthBytes(cfg),
    dirtyRateBytesPerSec: quantityOr(vmi.metadata.annotations?.['lab.edgevirt.dev/dirty-rate'], 0),
    maxDowntimeMs: cfg.maxDowntimeMs,
    progressTimeoutSec: cfg.progressTimeout,
    completionTimeoutPerGiB: cfg.completionTimeoutPerGiB,
    allowAutoConverge: cfg.allowAutoConverge,
    allowPostCopy: cfg.allowPostCopy,
  };
}

/** Begins the transfer: a real QEMU migration when the guest can, else the model. */
export function beginRun(rt: Runtime, vmim: KubeObject, vmi: KubeObject, cfg: MigrationConfig, targetNode: string): void {
  const params = paramsFor(vmi, cfg);
  const run: ActiveRun = { sourceNode: vmi.status?.nodeName ?? '', lastTick: Date.now(), startedAt: Date.now(), params };
  const guest = rt.guests.get(vmi.metadata.uid);
  if (guest?.kind === 'qemu' && guest.migrate) {
    const handle = guest.migrate({ bandwidthBytesPerSec: params.bandwidthBytesPerSec, allowAutoConverge: params.allowAutoConverge, allowPostCopy: params.allowPostCopy, targetNode });
    const q: NonNullable<ActiveRun['qemu']> = { handle, postCopy: false };
    handle.done.then(
      (g) => {
        rt.guests.replace(vmi.metadata.uid ?? '', g);
        q.outcome = { ok: true };
      },
      (err: unknown) => void (q.outcome = { ok: false, error: err instanceof Error ? err.message : String(err) }),
    );
    run.qemu = q;
  } else run.model = initialState(params);
  runs.set(vmim.metadata.uid ?? '', run);
}

/** The live virt-handler series of a running migration (bytes total, processed, remaining, rates). */
export function publish(rt: Runtime, vmim: KubeObject, node: string, s: Pick<MigrationStats, 'totalBytes' | 'processedBytes' | 'remainingBytes' | 'dirtyRateBytesPerSec' | 'transferRateBytesPerSec'>): void {
  const l = { namespace: vmim.metadata.namespace ?? '', name: vmim.spec?.vmiName ?? '', node };
  rt.metrics.migDataTotal.set(l, s.totalBytes);
  rt.metrics.migProcessed.set(l, s.processedBytes);
  rt.metrics.migRemaining.set(l, s.remainingBytes);
  rt.metrics.migDirtyRate.set(l, s.dirtyRateBytesPerSec);
  rt.metrics.migTransferRate.set(l, s.transferRateBytesPerSec);
}

function setMode(rt: Runtime, vmi: KubeObject, mode: string): void {
  mutate(rt.store, R.vmi, vmi.metadata.namespace, vmi.metadata.name ?? '', (o) => {
    if (o.status?.migrationState) o.status.migrationState.mode = mode;
  });
}

async function tickQemu(rt: Runtime, vmim: KubeObject, vmi: KubeObject, run: ActiveRun): Promise<number | void> {
  const q = run.qemu!;
  if (q.outcome) {
    runs.delete(vmim.metadata.uid ?? '');
    if (q.outcome.ok) finishSuccess(rt, vmim, vmi, q.postCopy ? 'PostCopy' : 'PreCopy');
    // A cancel we issued for a timeout reports upstream's reason, not QEMU's "cancelled".
    else finishFailure(rt, vmim, vmi, q.abortReason ?? q.outcome.error);
    return;
  }
  const st = await q.handle.stats().catch(() => undefined);
  if (st) publish(rt, vmim, run.sourceNode, { ...st, totalBytes: st.totalBytes });
  const elapsed = (Date.now() - run.startedAt) / 1000;
  if (elapsed > acceptableCompletionSec(run.params) && !q.postCopy) {
    if (run.params.allowPostCopy) {
      q.postCopy = true;
      await q.handle.startPostCopy().catch(() => undefined);
      setMode(rt, vmi, 'PostCopy');
    } else if (!q.abortReason) {
      q.abortReason = `Live migration is not completed after ${Math.round(acceptableCompletionSec(run.params))} sec and has been aborted`;
      await q.handle.cancel().catch(() => undefined);
    }
  }
  return 200;
}

/** One progress step of a running migration; returns when to step again. */
export async function tickRun(rt: Runtime, vmim: KubeObject, vmi: KubeObject): Promise<number | void> {
  const run = runs.get(vmim.metadata.uid ?? '');
  if (!run) {
    finishFailure(rt, vmim, vmi, 'migration state was lost when the lab restarted');
    return;
  }
  if (run.qemu) return tickQemu(rt, vmim, vmi, run);
  const now = Date.now();
  const dt = (now - run.lastTick) / 1000 / rt.ctx.timeScale;
  run.lastTick = now;
  const before = run.model!;
  const s = stepMigration(run.params, before, Math.max(dt, 0.001));
  run.model = s;
  publish(rt, vmim, run.sourceNode, { totalBytes: run.params.memoryBytes, processedBytes: s.processedBytes, remainingBytes: s.remainingBytes, dirtyRateBytesPerSec: s.dirtyRate, transferRateBytesPerSec: s.transferRate });
  if (s.mode !== before.mode) setMode(rt, vmi, s.mode);
  if (s.status === 'completed') {
    runs.delete(vmim.metadata.uid ?? '');
    rt.guests.get(vmi.metadata.uid)?.relocate(vmi.status?.migrationState?.targetNode ?? '');
    finishSuccess(rt, vmim, vmi, s.mode);
    return;
  }
  if (s.status === 'failed') {
    runs.delete(vmim.metadata.uid ?? '');
    finishFailure(rt, vmim, vmi, s.failureReason ?? 'migration failed');
    return;
  }
  return rt.delay(DELAYS.migrationTick);
}

/** Stops a running transfer (the VMIM was deleted); true when one was running. */
export async function abortRun(vmimUid: string): Promise<boolean> {
  const run = runs.get(vmimUid);
  if (!run) return false;
  runs.delete(vmimUid);
  if (run.qemu && !run.qemu.outcome) await run.qemu.handle.cancel().catch(() => undefined);
  return true;
}
