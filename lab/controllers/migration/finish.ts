import type { KubeObject } from '../../store/types';
import { removeCondition, setCondition } from '../conditions';
import { mutate } from '../mutate';
import { nowIso, R } from '../refs';
import type { Runtime } from '../runtime';
import { setPhase } from '../vmi-phase';
import { guestInterfaces } from '../vmi-launch';

function handlerLabels(vmim: KubeObject, node: string) {
  return { namespace: vmim.metadata.namespace ?? '', name: vmim.spec?.vmiName ?? '', node };
}

/** Drops a finished migration's live virt-handler series, as virt-handler stops reporting them. */
export function clearLiveMetrics(rt: Runtime, vmim: KubeObject, node: string): void {
  const l = handlerLabels(vmim, node);
  for (const g of [rt.metrics.migDataTotal, rt.metrics.migProcessed, rt.metrics.migRemaining, rt.metrics.migDirtyRate, rt.metrics.migTransferRate]) g.remove(l);
}

function outcomeMetrics(rt: Runtime, vmim: KubeObject, node: string, ok: boolean): void {
  const ns = vmim.metadata.namespace ?? '';
  const vmi = vmim.spec?.vmiName ?? '';
  const l = { vmi, vmim: vmim.metadata.name ?? '', namespace: ns };
  (ok ? rt.metrics.migSucceeded : rt.metrics.migFailed).set(l, 1);
  rt.metrics.migEnd.set({ node, namespace: ns, name: vmi, migration_name: vmim.metadata.name ?? '', status: ok ? 'succeeded' : 'failed' }, Date.now() / 1000);
  clearLiveMetrics(rt, vmim, node);
}

function podByName(rt: Runtime, ns: string, name: string | undefined): KubeObject | undefined {
  return name ? rt.store.get(R.pod, ns, name) : undefined;
}

function endPod(rt: Runtime, ns: string, name: string | undefined, phase: 'Succeeded' | 'Failed'): void {
  if (!name || !rt.store.get(R.pod, ns, name)) return;
  mutate(rt.store, R.pod, ns, name, (p) => void (p.status.phase = phase));
  rt.store.delete(R.pod, ns, name);
}

/** The migration completed: the VMI now lives on the target node and pod. */
export function finishSuccess(rt: Runtime, vmim: KubeObject, vmi: KubeObject, mode: string): void {
  const ns = vmim.metadata.namespace ?? '';
  const ms = vmi.status?.migrationState ?? {};
  const target = podByName(rt, ns, ms.targetPod);
  const now = nowIso();
  mutate(rt.store, R.vmi, ns, vmi.metadata.name ?? '', (o) => {
    o.status.nodeName = ms.targetNode;
    o.metadata.labels = { ...(o.metadata.labels ?? {}), 'kubevirt.io/nodeName': ms.targetNode };
    o.status.activePods = target ? { [target.metadata.uid ?? '']: ms.targetNode } : {};
    // The evacuation is over once the VMI runs elsewhere.
    delete o.status.evacuationNodeName;
    o.status.conditions = removeCondition(o.status.conditions, 'EvictionRequested');
    if (target?.status?.podIP) o.status.interfaces = guestInterfaces(rt, o, target.status.podIP);
    o.status.migrationState = { ...o.status.migrationState, completed: true, endTimestamp: now, targetNodeDomainReadyTimestamp: now, mode };
  });
  endPod(rt, ns, ms.sourcePod, 'Succeeded');
  const updated = mutate(rt.store, R.vmim, ns, vmim.metadata.name ?? '', (o) => {
    setPhase(o, 'Succeeded');
    o.status.migrationState = rt.store.get(R.vmi, ns, vmi.metadata.name ?? '')?.status?.migrationState;
  });
  rt.events.record(vmi, 'Normal', 'Migrated', `The VirtualMachineInstance migrated to node ${ms.targetNode}.`, 'virt-handler', ms.sourceNode);
  rt.events.record(updated ?? vmim, 'Normal', 'SuccessfulMigration', 'Source node reported migration succeeded', 'migration-controller');
  outcomeMetrics(rt, vmim, ms.sourceNode ?? '', true);
}

/** The migration failed or was aborted: the VMI stays on the source, the target pod goes. */
export function finishFailure(rt: Runtime, vmim: KubeObject, vmi: KubeObject | undefined, reason: string, aborted = false): void {
  const ns = vmim.metadata.namespace ?? '';
  const ms = vmi?.status?.migrationState ?? {};
  const now = nowIso();
  if (vmi && ms.migrationUid === vmim.metadata.uid) {
    mutate(rt.store, R.vmi, ns, vmi.metadata.name ?? '', (o) => {
      o.status.migrationState = {
        ...o.status.migrationState, completed: false, failed: true, failureReason: reason, endTimestamp: now,
        ...(aborted ? { abortRequested: true, abortStatus: 'Succeeded' } : {}),
      };
    });
    endPod(rt, ns, ms.targetPod, 'Failed');
  }
  const updated = mutate(rt.store, R.vmim, ns, vmim.metadata.name ?? '', (o) => {
    setPhase(o, 'Failed');
    if (aborted) o.status.conditions = setCondition(o.status.conditions, { type: 'migrationAbortRequested', status: 'True', reason: 'MigrationAbortRequested', message: 'Migration abort was requested' });
    if (vmi && ms.migrationUid === vmim.metadata.uid) o.status.migrationState = rt.store.get(R.vmi, ns, vmi.metadata.name ?? '')?.status?.migrationState;
  });
  if (aborted) rt.events.record(updated ?? vmim, 'Normal', 'SuccessfulAbortMigration', `Migration ${vmim.metadata.name} aborted successfully`, 'migration-controller');
  else {
    rt.events.record(updated ?? vmim, 'Warning', 'FailedMigration', `Source node reported migration failed: ${reason}`, 'migration-controller');
    if (vmi) rt.events.record(vmi, 'Warning', 'FailedMigration', `VirtualMachineInstance migration uid ${vmim.metadata.uid} failed. reason: ${reason}`, 'virt-handler', ms.sourceNode);
  }
  outcomeMetrics(rt, vmim, ms.sourceNode ?? vmi?.status?.nodeName ?? '', false);
}
