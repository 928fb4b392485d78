import type { Guest, GuestMigration } from '../../guest/types';
import type { KubeObject } from '../../store/types';
import { streamThroughput } from '../../wan/links';
import type { SyncHub, SyncReply } from '../../wan/sync-hub';
import { mutate } from '../mutate';
import { nowIso, R } from '../refs';
import { DELAYS, type Runtime } from '../runtime';
import { activePod, setPhase, sincePhase } from '../vmi-phase';
import { migrationConfig } from './config';
import { clearLiveMetrics, finishFailure } from './finish';
import {
  acceptableCompletionSec,
  initialState,
  stepMigration,
  type MigrationModelState,
  type MigrationParams,
} from './precopy-model';
import { paramsFor, publish } from './run';

/** Loopback speed, the rate of an unlimited link. */
const LOOPBACK_BYTES_PER_SEC = 1024 ** 3;
/** How long a source waits for its receiver to be ready before the migration fails. */
const RECEIVER_WAIT_MS = 300_000;

/** A real QEMU migration to the other site, its stream through the link's shaper. */
interface QemuSend {
  handle: GuestMigration;
  outcome?: { ok: true; guest: Guest } | { ok: false; error: string };
  abortReason?: string;
}

interface SourceRun {
  qemu?: QemuSend;
  startedAt: number;
  params: MigrationParams;
  model: MigrationModelState;
  lastTick: number;
  targetSite: string;
}

const runs = new Map<string, SourceRun>();

/** `spec.sendTo` of a sending VMIM. */
export function sendTo(m: KubeObject): { migrationID: string; connectURL: string } | undefined {
  const s = m.spec?.sendTo;
  return s?.migrationID && s?.connectURL ? s : undefined;
}

function publishState(rt: Runtime, m: KubeObject, vmi: KubeObject, extra: Record<string, unknown>): void {
  const ns = m.metadata.namespace ?? '';
  mutate(
    rt.store,
    R.vmi,
    ns,
    vmi.metadata.name ?? '',
    (o) => void (o.status.migrationState = { ...(o.status.migrationState ?? {}), ...extra }),
  );
  mutate(
    rt.store,
    R.vmim,
    ns,
    m.metadata.name ?? '',
    (o) =>
      void (o.status.migrationState = rt.store.get(R.vmi, ns, vmi.metadata.name ?? '')?.status
        ?.migrationState),
  );
}

/** A source whose receiver is not there, or that failed: tell the receiver, keep the VMI running. */
async function fail(
  rt: Runtime,
  hub: SyncHub,
  m: KubeObject,
  vmi: KubeObject,
  reason: string,
): Promise<void> {
  const to = sendTo(m)!;
  runs.delete(m.metadata.uid ?? '');
  await hub
    .send(rt.ctx.name, to.connectURL, to.migrationID, {
      kind: 'result',
      sourceSite: rt.ctx.name,
      ok: false,
      reason,
    })
    .catch(() => undefined);
  finishFailure(rt, m, rt.store.get(R.vmi, vmi.metadata.namespace, vmi.metadata.name ?? '') ?? vmi, reason);
}

async function offer(rt: Runtime, hub: SyncHub, m: KubeObject, vmi: KubeObject): Promise<number | void> {
  const to = sendTo(m)!;
  const reply = await hub
    .send(rt.ctx.name, to.connectURL, to.migrationID, {
      kind: 'offer',
      sourceSite: rt.ctx.name,
      namespace: vmi.metadata.namespace,
      vmiName: vmi.metadata.name,
      memoryBytes: paramsFor(vmi, migrationConfig(rt.store, vmi)).memoryBytes,
    })
    .catch((err: unknown): SyncReply => ({
      status: 0,
      body: { reason: err instanceof Error ? err.message : String(err) },
    }));
  if (reply.status !== 200) {
    if (sincePhase(m) > rt.delay(RECEIVER_WAIT_MS))
      return fail(rt, hub, m, vmi, `receiver not ready at ${to.connectURL}: ${String(reply.body.reason)}`);
    return rt.delay(1000);
  }
  const targetSite = String(reply.body.site);
  const link = hub.links.get(rt.ctx.name, targetSite);
  const cfg = migrationConfig(rt.store, vmi);
  const base = paramsFor(vmi, cfg);
  const wan = streamThroughput(link, LOOPBACK_BYTES_PER_SEC);
  const params: MigrationParams = {
    ...base,
    bandwidthBytesPerSec: base.bandwidthBytesPerSec > 0 ? Math.min(base.bandwidthBytesPerSec, wan) : wan,
    linkBytesPerSec: wan,
  };
  const run: SourceRun = {
    params,
    model: initialState(params),
    lastTick: Date.now(),
    startedAt: Date.now(),
    targetSite,
  };
  const guest = rt.guests.get(vmi.metadata.uid);
  if (guest?.kind === 'qemu' && guest.migrate) {
    // The real thing: QEMU sends the memory over the link's shaper to a target process.
    const handle = guest.migrate({
      bandwidthBytesPerSec: base.bandwidthBytesPerSec,
      allowAutoConverge: base.allowAutoConverge,
      allowPostCopy: false,
      targetNode: '',
      via: (port) => hub.via(rt.ctx.name, targetSite, '127.0.0.1', port),
    });
    const q: QemuSend = { handle };
    handle.done.then(
      (g) => void (q.outcome = { ok: true, guest: g }),
      (err: unknown) =>
        void (q.outcome = { ok: false, error: err instanceof Error ? err.message : String(err) }),
    );
    run.qemu = q;
  }
  runs.set(m.metadata.uid ?? '', run);
  const now = nowIso();
  publishState(rt, m, vmi, {
    migrationUid: m.metadata.uid,
    startTimestamp: now,
    mode: 'PreCopy',
    sourceNode: vmi.status?.nodeName,
    sourcePod: activePod(rt.store, vmi)?.metadata.name,
    sourceState: {
      migrationUID: to.migrationID,
      node: vmi.status?.nodeName,
      virtualMachineInstanceName: vmi.metadata.name,
      namespace: vmi.metadata.namespace,
    },
    targetState: { migrationUID: to.migrationID, syncAddress: to.connectURL },
  });
  const ns = m.metadata.namespace ?? '';
  mutate(rt.store, R.vmim, ns, m.metadata.name ?? '', (o) => setPhase(o, 'Synchronizing'));
  mutate(rt.store, R.vmim, ns, m.metadata.name ?? '', (o) => setPhase(o, 'Running'));
  rt.events.record(
    vmi,
    'Normal',
    'Migrating',
    `VirtualMachineInstance is migrating to site ${targetSite}.`,
    'virt-handler',
    vmi.status?.nodeName,
  );
  return rt.delay(DELAYS.migrationTick);
}

/** The guest left: the receiver runs it; the source VM is halted and its VMI succeeded. */
async function succeed(
  rt: Runtime,
  hub: SyncHub,
  m: KubeObject,
  vmi: KubeObject,
  run: SourceRun,
): Promise<void> {
  const to = sendTo(m)!;
  const ns = vmi.metadata.namespace ?? '';
  const uid = vmi.metadata.uid ?? '';
  const guest = run.qemu?.outcome?.ok ? run.qemu.outcome.guest : rt.guests.get(uid);
  if (guest) hub.handOff(to.migrationID, guest);
  const reply = await hub
    .send(rt.ctx.name, to.connectURL, to.migrationID, { kind: 'result', sourceSite: rt.ctx.name, ok: true })
    .catch((err: unknown) => ({ status: 0, body: { reason: String(err) } }));
  if (reply.status !== 200) {
    hub.take(to.migrationID);
    return fail(rt, hub, m, vmi, `the receiver did not take over: ${String(reply.body.reason)}`);
  }
  runs.delete(m.metadata.uid ?? '');
  // The guest runs on the other site now: this site no longer owns (or stops) it.
  if (guest) rt.guests.forget(uid);
  const owner = vmi.metadata.ownerReferences?.find((o) => o.kind === 'VirtualMachine');
  if (owner) mutate(rt.store, R.vm, ns, owner.name, (o) => void (o.spec.runStrategy = 'Halted'));
  const now = nowIso();
  const pod = activePod(rt.store, vmi);
  mutate(rt.store, R.vmi, ns, vmi.metadata.name ?? '', (o) => {
    o.status.migrationState = {
      ...(o.status.migrationState ?? {}),
      completed: true,
      endTimestamp: now,
      mode: run.model.mode,
    };
    setPhase(o, 'Succeeded');
  });
  if (pod) mutate(rt.store, R.pod, ns, pod.metadata.name ?? '', (p) => void (p.status.phase = 'Succeeded'));
  const updated = mutate(rt.store, R.vmim, ns, m.metadata.name ?? '', (o) => {
    setPhase(o, 'Succeeded');
    o.status.migrationState = rt.store.get(R.vmi, ns, vmi.metadata.name ?? '')?.status?.migrationState;
  });
  clearLiveMetrics(rt, m, vmi.status?.nodeName ?? '');
  rt.events.record(
    vmi,
    'Normal',
    'Migrated',
    `The VirtualMachineInstance migrated to site ${run.targetSite}.`,
    'virt-handler',
    vmi.status?.nodeName,
  );
  rt.events.record(
    updated ?? m,
    'Normal',
    'SuccessfulMigration',
    'Source node reported migration succeeded',
    'migration-controller',
  );
}

/** The sending VMIM's loop: offer to the receiver, move memory over the link, hand over. */
export async function reconcileSend(
  rt: Runtime,
  hub: SyncHub,
  m: KubeObject,
  vmi: KubeObject,
): Promise<number | void> {
  const ns = m.metadata.namespace ?? '';
  switch (m.status?.phase ?? '') {
    case '':
      mutate(rt.store, R.vmim, ns, m.metadata.name ?? '', (o) => setPhase(o, 'Pending'));
      return 0;
    case 'Pending':
      mutate(rt.store, R.vmim, ns, m.metadata.name ?? '', (o) => setPhase(o, 'WaitingForSync'));
      return 0;
    case 'WaitingForSync':
    case 'Synchronizing':
      return offer(rt, hub, m, vmi);
    case 'Running': {
      const run = runs.get(m.metadata.uid ?? '');
      if (!run) return fail(rt, hub, m, vmi, 'migration state was lost when the lab restarted');
      if (run.qemu) return tickQemu(rt, hub, m, vmi, run, run.qemu);
      const now = Date.now();
      const dt = (now - run.lastTick) / 1000 / rt.ctx.timeScale;
      run.lastTick = now;
      run.model = stepMigration(run.params, run.model, Math.max(dt, 0.001));
      const st = run.model;
      publish(rt, m, vmi.status?.nodeName ?? '', {
        totalBytes: run.params.memoryBytes,
        processedBytes: st.processedBytes,
        remainingBytes: st.remainingBytes,
        dirtyRateBytesPerSec: st.dirtyRate,
        transferRateBytesPerSec: st.transferRate,
      });
      publishState(rt, m, vmi, { mode: run.model.mode });
      if (run.model.status === 'completed') return succeed(rt, hub, m, vmi, run);
      if (run.model.status === 'failed')
        return fail(rt, hub, m, vmi, run.model.failureReason ?? 'migration failed');
      return rt.delay(DELAYS.migrationTick);
    }
  }
}

async function tickQemu(
  rt: Runtime,
  hub: SyncHub,
  m: KubeObject,
  vmi: KubeObject,
  run: SourceRun,
  q: QemuSend,
): Promise<number | void> {
  if (q.outcome?.ok) return succeed(rt, hub, m, vmi, run);
  if (q.outcome) return fail(rt, hub, m, vmi, q.abortReason ?? q.outcome.error);
  const st = await q.handle.stats().catch(() => undefined);
  if (st) publish(rt, m, vmi.status?.nodeName ?? '', st);
  const limit = acceptableCompletionSec(run.params);
  if ((Date.now() - run.startedAt) / 1000 > limit && !q.abortReason) {
    q.abortReason = `Live migration is not completed after ${Math.round(limit)} sec and has been aborted`;
    await q.handle.cancel().catch(() => undefined);
  }
  return 200;
}

/** The VMIM was deleted while sending: stop, tell the receiver. */
export async function abortSend(rt: Runtime, hub: SyncHub, m: KubeObject): Promise<void> {
  const to = sendTo(m);
  const run = runs.get(m.metadata.uid ?? '');
  runs.delete(m.metadata.uid ?? '');
  if (run?.qemu && !run.qemu.outcome) await run.qemu.handle.cancel().catch(() => undefined);
  if (to)
    await hub
      .send(rt.ctx.name, to.connectURL, to.migrationID, {
        kind: 'result',
        sourceSite: rt.ctx.name,
        ok: false,
        reason: 'Live migration aborted by user request',
      })
      .catch(() => undefined);
}
