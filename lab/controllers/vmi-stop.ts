import type { KubeObject } from '../store/types';
import { setCondition } from './conditions';
import { mutate } from './mutate';
import { R } from './refs';
import type { Runtime } from './runtime';
import { activePod, forgetPhase, setPhase } from './vmi-phase';

const shuttingDown = new Set<string>();

/**
 * A VMI being deleted: signal a graceful shutdown to the guest (forced after the grace period),
 * and once it is off, mark it Succeeded and drop the finalizer so the store removes it and the
 * launcher pod with it.
 */
export function reconcileDeleting(rt: Runtime, vmi: KubeObject): number | void {
  const uid = vmi.metadata.uid ?? '';
  const guest = rt.guests.get(uid);
  const node = vmi.status?.nodeName as string | undefined;
  if (guest && !rt.guests.exitReason(uid)) {
    if (!shuttingDown.has(uid)) {
      shuttingDown.add(uid);
      const grace = Number(vmi.spec?.terminationGracePeriodSeconds ?? 30);
      rt.events.record(vmi, 'Normal', 'ShuttingDown', 'Signaled Graceful Shutdown', 'virt-handler', node);
      void guest.shutdown(rt.delay(grace * 1000)).catch(() => undefined);
    }
    return rt.delay(5000);
  }
  shuttingDown.delete(uid);
  const wasRunning = !!guest || !!rt.guests.exitReason(uid);
  if (wasRunning && vmi.status?.phase !== 'Succeeded' && vmi.status?.phase !== 'Failed') {
    rt.events.record(vmi, 'Normal', 'Stopped', 'The VirtualMachineInstance was shut down.', 'virt-handler', node);
  }
  const pod = activePod(rt.store, vmi);
  if (pod) mutate(rt.store, R.pod, pod.metadata.namespace, pod.metadata.name ?? '', (p) => void (p.status.phase = 'Succeeded'));
  mutate(rt.store, R.vmi, vmi.metadata.namespace, vmi.metadata.name ?? '', (o) => {
    if (o.status?.phase && o.status.phase !== 'Failed') setPhase(o, 'Succeeded');
    o.metadata.finalizers = (o.metadata.finalizers ?? []).filter((f) => f !== 'kubevirt.io/foregroundDeleteVirtualMachine' && f !== 'kubevirt.io/virtualMachineControllerFinalize');
  });
  // Removal after finalizers does not cascade in the store, so the launcher pods go here.
  for (const p of rt.store.listShared(R.pod, vmi.metadata.namespace)) {
    if (p.metadata.labels?.['kubevirt.io/created-by'] === uid) rt.store.delete(R.pod, p.metadata.namespace, p.metadata.name ?? '');
  }
  rt.guests.forget(uid);
  forgetPhase(uid);
}

/** The guest stopped by itself: Succeeded for a clean power-off, Failed for a crash. */
export function reconcileFinal(rt: Runtime, vmi: KubeObject, reason: 'shutdown' | 'crashed' | 'killed'): void {
  const ok = reason === 'shutdown';
  const node = vmi.status?.nodeName as string | undefined;
  rt.events.record(vmi, ok ? 'Normal' : 'Warning', 'Stopped', ok ? 'The VirtualMachineInstance was shut down.' : 'The VirtualMachineInstance crashed.', 'virt-handler', node);
  const pod = activePod(rt.store, vmi);
  if (pod) mutate(rt.store, R.pod, pod.metadata.namespace, pod.metadata.name ?? '', (p) => void (p.status.phase = ok ? 'Succeeded' : 'Failed'));
  mutate(rt.store, R.vmi, vmi.metadata.namespace, vmi.metadata.name ?? '', (o) => {
    setPhase(o, ok ? 'Succeeded' : 'Failed');
    o.status.conditions = setCondition(o.status.conditions, { type: 'Ready', status: 'False', reason: 'PodTerminating', message: 'virt-launcher pod is terminating' });
  });
}

/** Did the VMI's virt-launcher pod go away (deleted or evicted) while the VMI runs? */
export function launcherGone(rt: Runtime, vmi: KubeObject): boolean {
  const active = Object.keys(vmi.status?.activePods ?? {});
  if (!active.length) return false;
  return !rt.store.listShared(R.pod, vmi.metadata.namespace).some((p) => active.includes(p.metadata.uid ?? '') && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed');
}

/**
 * The launcher pod was deleted or evicted: virt-launcher got SIGTERM and shuts the guest down
 * gracefully, so the VMI ends Succeeded (the VM's runStrategy decides whether it restarts).
 */
export function reconcileLostPod(rt: Runtime, vmi: KubeObject): number | void {
  const uid = vmi.metadata.uid ?? '';
  const guest = rt.guests.get(uid);
  if (!guest) return reconcileFinal(rt, vmi, 'shutdown');
  if (!shuttingDown.has(uid)) {
    shuttingDown.add(uid);
    const grace = Number(vmi.spec?.terminationGracePeriodSeconds ?? 30);
    rt.events.record(vmi, 'Normal', 'ShuttingDown', 'Signaled Graceful Shutdown', 'virt-handler', vmi.status?.nodeName);
    mutate(rt.store, R.vmi, vmi.metadata.namespace, vmi.metadata.name ?? '', (o) => {
      o.status.conditions = setCondition(o.status.conditions, { type: 'Ready', status: 'False', reason: 'PodTerminating', message: 'virt-launcher pod is terminating' });
    });
    void guest.shutdown(rt.delay(grace * 1000)).catch(() => undefined).finally(() => shuttingDown.delete(uid));
  }
  return rt.delay(2000);
}
