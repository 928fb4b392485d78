import type { KubeObject } from '../../store/types';
import type { SyncHub, SyncMessage, SyncReply } from '../../wan/sync-hub';
import { setCondition } from '../conditions';
import { mutate } from '../mutate';
import { nowIso, R } from '../refs';
import { DELAYS, type Runtime } from '../runtime';
import { setPhase, sincePhase } from '../vmi-phase';
import { keyOf } from '../work-queue';

/** The migration ID of a receiving VMIM (`spec.receive.migrationID`). */
export function receiveId(m: KubeObject): string | undefined {
  return m.spec?.receive?.migrationID || undefined;
}

/** A VMI whose VM waits as a receiver: it stays WaitingForSync until a migration arrives. */
export function isReceiverVmi(rt: Runtime, vmi: KubeObject): boolean {
  const owner = vmi.metadata.ownerReferences?.find((o) => o.kind === 'VirtualMachine');
  const vm = owner ? rt.store.get(R.vm, vmi.metadata.namespace, owner.name) : undefined;
  return !!vm && vm.metadata.uid === owner?.uid && vm.spec?.runStrategy === 'WaitAsReceiver';
}

function findReceiving(rt: Runtime, id: string): KubeObject | undefined {
  return rt.store
    .listShared(R.vmim)
    .find((m) => receiveId(m) === id && !['Succeeded', 'Failed'].includes(m.status?.phase ?? ''));
}

/** The receiving VMIM's loop: Pending, then WaitingForSync with this site's synchronization address. */
export function reconcileReceive(
  rt: Runtime,
  address: string | undefined,
  m: KubeObject,
  vmi: KubeObject | undefined,
): number | void {
  const ns = m.metadata.namespace ?? '';
  const name = m.metadata.name ?? '';
  if (!vmi || ['Succeeded', 'Failed'].includes(vmi.status?.phase ?? ''))
    return failReceive(rt, m, 'the receiving VMI is gone');
  const phase = m.status?.phase ?? '';
  if (phase === '') {
    mutate(rt.store, R.vmim, ns, name, (o) => setPhase(o, 'Pending'));
    return rt.delay(DELAYS.migrationStep);
  }
  if (phase === 'Pending') {
    if (vmi.status?.phase !== 'WaitingForSync' || !address) return rt.delay(500);
    const wait = rt.delay(DELAYS.migrationStep) - sincePhase(m);
    if (wait > 0) return wait;
    const state = {
      migrationUID: receiveId(m),
      syncAddress: address,
      virtualMachineInstanceName: vmi.metadata.name,
      namespace: ns,
    };
    mutate(
      rt.store,
      R.vmi,
      ns,
      vmi.metadata.name ?? '',
      (o) =>
        void (o.status.migrationState = {
          ...(o.status.migrationState ?? {}),
          migrationUid: m.metadata.uid,
          targetState: state,
        }),
    );
    mutate(rt.store, R.vmim, ns, name, (o) => {
      setPhase(o, 'WaitingForSync');
      o.status.synchronizationAddresses = [address];
    });
    rt.events.record(
      m,
      'Normal',
      'WaitingForSync',
      `Waiting for the source of migration ${receiveId(m)} at ${address}`,
      'migration-controller',
    );
  }
}

function failReceive(rt: Runtime, m: KubeObject, reason: string): void {
  const ns = m.metadata.namespace ?? '';
  const vmiName = m.spec?.vmiName ?? '';
  if (rt.store.get(R.vmi, ns, vmiName)) {
    mutate(rt.store, R.vmi, ns, vmiName, (o) => {
      o.status.conditions = setCondition(o.status.conditions, {
        type: 'DecentralizedLiveMigrationFailure',
        status: 'True',
        reason: 'MigrationFailed',
        message: reason,
      });
      o.status.migrationState = {
        ...(o.status.migrationState ?? {}),
        failed: true,
        failureReason: reason,
        endTimestamp: nowIso(),
      };
    });
  }
  const updated = mutate(rt.store, R.vmim, ns, m.metadata.name ?? '', (o) => {
    setPhase(o, 'Failed');
    // As upstream, the VMIM mirrors its VMI's migration state, the failure reason with it.
    const state = rt.store.get(R.vmi, ns, vmiName)?.status?.migrationState;
    if (state?.migrationUid === m.metadata.uid) o.status.migrationState = state;
  });
  rt.events.record(
    updated ?? m,
    'Warning',
    'FailedMigration',
    `Decentralized migration ${receiveId(m)} failed: ${reason}`,
    'migration-controller',
  );
}

/** The migration arrived: the guest runs here now, the VM runs as any other. */
function completeReceive(rt: Runtime, hub: SyncHub, m: KubeObject, id: string): SyncReply {
  const ns = m.metadata.namespace ?? '';
  const vmiName = m.spec?.vmiName ?? '';
  const vmi = rt.store.get(R.vmi, ns, vmiName);
  const guest = hub.take(id);
  if (!vmi) return { status: 409, body: { reason: 'the receiving VMI is gone' } };
  if (guest) rt.guests.adopt(vmi.metadata.uid ?? '', guest, () => rt.queues.vmi?.add(keyOf(ns, vmiName)));
  const owner = vmi.metadata.ownerReferences?.find((o) => o.kind === 'VirtualMachine');
  if (owner) mutate(rt.store, R.vm, ns, owner.name, (o) => void (o.spec.runStrategy = 'Always'));
  const now = nowIso();
  mutate(rt.store, R.vmi, ns, vmiName, (o) => {
    // The domain now runs here: the VMI goes through scheduling onto a node of this site and
    // finds its guest already running (vmi-launch keeps an existing guest).
    delete o.status.phase;
    o.status.migrationState = { ...(o.status.migrationState ?? {}), completed: true, endTimestamp: now };
  });
  const updated = mutate(rt.store, R.vmim, ns, m.metadata.name ?? '', (o) => setPhase(o, 'Succeeded'));
  rt.events.record(
    updated ?? m,
    'Normal',
    'SuccessfulMigration',
    `Decentralized migration ${id} received`,
    'migration-controller',
  );
  return { status: 200, body: { ok: true } };
}

/** This site's synchronization controller: answers the source site's offer and result. */
export function receiverHandler(rt: Runtime, hub: SyncHub): (id: string, msg: SyncMessage) => SyncReply {
  return (id, msg) => {
    if (msg.kind === 'ping') return { status: 200, body: { site: rt.ctx.name } };
    const m = findReceiving(rt, id);
    if (!m)
      return { status: 404, body: { reason: `no receiving migration with ID ${id} on site ${rt.ctx.name}` } };
    const ns = m.metadata.namespace ?? '';
    if (msg.kind === 'offer') {
      if (m.status?.phase !== 'WaitingForSync' && m.status?.phase !== 'Synchronizing')
        return { status: 409, body: { reason: `the receiver is ${m.status?.phase || 'not ready'}` } };
      mutate(rt.store, R.vmim, ns, m.metadata.name ?? '', (o) => {
        setPhase(o, 'Synchronizing');
        o.status.migrationState = {
          ...(o.status.migrationState ?? {}),
          sourceState: {
            migrationUID: id,
            site: msg.sourceSite,
            virtualMachineInstanceName: msg.vmiName,
            namespace: msg.namespace,
          },
        };
      });
      mutate(rt.store, R.vmim, ns, m.metadata.name ?? '', (o) => setPhase(o, 'Running'));
      return { status: 200, body: { site: rt.ctx.name } };
    }
    if (msg.ok) return completeReceive(rt, hub, m, id);
    failReceive(rt, m, msg.reason ?? 'the source reported a failure');
    return { status: 200, body: { ok: false } };
  };
}
