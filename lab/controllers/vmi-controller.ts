import type { KubeObject } from '../store/types';
import { mutate } from './mutate';
import { R } from './refs';
import { setPhase } from './vmi-phase';
import type { Runtime } from './runtime';
import { keyOf, splitKey, WorkQueue } from './work-queue';
import { reconcilePending, reconcileScheduling, reconcileScheduled } from './vmi-start';
import { reconcileRunning, reconcileUnknown } from './vmi-running';
import { isReceiverVmi } from './migration/decentralized-receiver';
import { reconcileDeleting, reconcileFinal } from './vmi-stop';

/**
 * virt-controller's and virt-handler's VMI lifecycle: Pending → Scheduling → Scheduled →
 * Running → Succeeded/Failed, the virt-launcher pod, the guest, and node failures.
 */
export function startVmiController(rt: Runtime): () => void {
  const q = new WorkQueue('vmi', (key) => reconcileVmi(rt, key));
  rt.queues.vmi = q;
  const enqueueOnNode = (node: string | undefined) => {
    for (const vmi of rt.store.listShared(R.vmi)) {
      if (!node || vmi.status?.nodeName === node || !vmi.status?.nodeName) q.add(keyOf(vmi.metadata.namespace, vmi.metadata.name));
    }
  };
  for (const vmi of rt.store.listShared(R.vmi)) q.add(keyOf(vmi.metadata.namespace, vmi.metadata.name));
  const stop = rt.store.watch(null, Number(rt.store.resourceVersion()), (ev) => {
    const o = ev.object;
    if (ev.key === 'virtualmachineinstances.kubevirt.io') q.add(keyOf(o.metadata.namespace, o.metadata.name));
    else if (ev.key === 'pods') {
      const owner = o.metadata.ownerReferences?.find((r) => r.kind === 'VirtualMachineInstance');
      if (owner) q.add(keyOf(o.metadata.namespace, owner.name));
    } else if (ev.key === 'nodes') enqueueOnNode(o.metadata.name);
    else if (ev.key === 'persistentvolumeclaims' || ev.key === 'datavolumes.cdi.kubevirt.io') {
      // Only VMIs that use this claim care (an import's progress updates are frequent).
      const ref = `"${o.metadata.name}"`;
      for (const vmi of rt.store.listShared(R.vmi, o.metadata.namespace)) {
        if (JSON.stringify(vmi.spec?.volumes ?? []).includes(ref)) q.add(keyOf(vmi.metadata.namespace, vmi.metadata.name));
      }
    }
  });
  return () => {
    stop();
    q.stop();
  };
}

async function reconcileVmi(rt: Runtime, key: string): Promise<number | void> {
  const [ns, name] = splitKey(key);
  const vmi = rt.store.get(R.vmi, ns, name);
  if (!vmi) return;
  if (vmi.metadata.deletionTimestamp) return reconcileDeleting(rt, vmi);
  const exited = rt.guests.exitReason(vmi.metadata.uid);
  if (exited && !isFinal(vmi)) return reconcileFinal(rt, vmi, exited);
  switch (vmi.status?.phase ?? '') {
    case '':
    case 'Pending':
      if (isReceiverVmi(rt, vmi)) return waitForSync(rt, vmi);
      return reconcilePending(rt, vmi);
    case 'Scheduling':
      return reconcileScheduling(rt, vmi);
    case 'Scheduled':
      return reconcileScheduled(rt, vmi);
    case 'Running':
      return reconcileRunning(rt, vmi);
    case 'Unknown':
      return reconcileUnknown(rt, vmi);
    default:
      return;
  }
}

/** Succeeded or Failed. */
export function isFinal(vmi: KubeObject | undefined): boolean {
  const p = vmi?.status?.phase;
  return p === 'Succeeded' || p === 'Failed';
}

/** A receiver VM's VMI: no pod, no guest, until the source site's migration arrives. */
function waitForSync(rt: Runtime, vmi: KubeObject): void {
  mutate(rt.store, R.vmi, vmi.metadata.namespace, vmi.metadata.name ?? '', (o) => {
    o.status = { ...(o.status ?? {}), conditions: o.status?.conditions ?? [], activePods: {} };
    setPhase(o, 'WaitingForSync');
  });
}
