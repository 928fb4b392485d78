import type { KubeObject } from '../store/types';
import { schedule, type PodDemand } from '../scheduler/fit';
import { removeCondition, setCondition } from './conditions';
import { vmiDeviceRequests } from './device-requests';
import { launcherPod, launcherRequests } from './launcher-pod';
import { mutate } from './mutate';
import { R } from './refs';
import { DELAYS, type Runtime } from './runtime';
import { activePod, setPhase, sincePhase } from './vmi-phase';
import { volumeFacts } from './volumes';

const FINALIZER = 'kubevirt.io/foregroundDeleteVirtualMachine';
const lastUnschedulable = new Map<string, string>();

/** The scheduling demand of a VMI's launcher pod, honouring local volumes. */
export function demandOf(vmi: KubeObject, allowedNodes?: string[], devices: Record<string, number> = {}): PodDemand {
  const { cpu, memory } = launcherRequests(vmi);
  return {
    cpu,
    memory,
    kvm: 1,
    devices,
    nodeSelector: { 'kubevirt.io/schedulable': 'true', ...(vmi.spec?.nodeSelector ?? {}) },
    tolerations: vmi.spec?.tolerations ?? [],
    affinity: vmi.spec?.affinity,
    allowedNodes,
  };
}

/** Runs the scheduler against the site's nodes and pods. */
export function scheduleDemand(rt: Runtime, d: PodDemand) {
  return schedule(d, rt.store.listShared(R.node), rt.store.listShared(R.pod));
}

/** Pending: finalizer, volumes ready (WFFC claims get a selected node), launcher pod created. */
export function reconcilePending(rt: Runtime, vmi: KubeObject): number | void {
  const ns = vmi.metadata.namespace ?? '';
  const name = vmi.metadata.name ?? '';
  if (!vmi.status?.phase) {
    mutate(rt.store, R.vmi, ns, name, (o) => {
      o.metadata.finalizers = [...new Set([...(o.metadata.finalizers ?? []), FINALIZER])];
      o.status = { ...(o.status ?? {}), guestOSInfo: {}, qosClass: 'Burstable', conditions: o.status?.conditions ?? [], migrationMethod: 'BlockMigration', migrationTransport: 'Unix', activePods: {} };
      setPhase(o, 'Pending');
    });
    return rt.delay(DELAYS.pendingToScheduling);
  }
  const vf = volumeFacts(rt.store, ns, vmi.spec?.volumes);
  const hasDv = (vmi.spec?.volumes ?? []).some((v: { dataVolume?: unknown }) => v.dataVolume);
  if (vf.waitingForConsumer.length) selectNodeForClaims(rt, vmi, vf.waitingForConsumer, vf.allowedNodes);
  mutate(rt.store, R.vmi, ns, name, (o) => {
    if (hasDv) {
      o.status.conditions = setCondition(o.status.conditions, vf.ready
        ? { type: 'DataVolumesReady', status: 'True', reason: 'AllDVsReady', message: 'All of the VMI\'s DVs are bound and ready' }
        : { type: 'DataVolumesReady', status: 'False', reason: 'NotAllDVsReady', message: 'Not all of the VMI\'s DVs are ready' });
    }
  });
  if (!vf.ready) return rt.delay(1000);
  let pod = activePod(rt.store, vmi);
  if (!pod) {
    pod = rt.store.create(R.pod, launcherPod(vmi, { devices: vmiDeviceRequests(rt.store, vmi) }));
    rt.events.record(vmi, 'Normal', 'SuccessfulCreate', `Created virtual machine pod ${pod.metadata.name}`);
  }
  const wait = rt.delay(DELAYS.pendingToScheduling) - sincePhase(vmi);
  if (wait > 0) return wait;
  mutate(rt.store, R.vmi, ns, name, (o) => setPhase(o, 'Scheduling'));
  return rt.delay(DELAYS.schedulingToScheduled);
}

function selectNodeForClaims(rt: Runtime, vmi: KubeObject, claims: string[], allowed?: string[]): void {
  const res = scheduleDemand(rt, demandOf(vmi, allowed, vmiDeviceRequests(rt.store, vmi)));
  if (!res.node) return;
  for (const c of claims) {
    mutate(rt.store, R.pvc, vmi.metadata.namespace, c, (pvc) => {
      pvc.metadata.annotations = { ...(pvc.metadata.annotations ?? {}), 'volume.kubernetes.io/selected-node': res.node };
    });
  }
}

/** Scheduling: bind the launcher pod to a node, or report why none fits. */
export function reconcileScheduling(rt: Runtime, vmi: KubeObject): number | void {
  const ns = vmi.metadata.namespace ?? '';
  const name = vmi.metadata.name ?? '';
  const pod = activePod(rt.store, vmi);
  if (!pod) {
    mutate(rt.store, R.vmi, ns, name, (o) => setPhase(o, 'Pending'));
    return 0;
  }
  const wait = rt.delay(DELAYS.schedulingToScheduled) - sincePhase(vmi);
  if (wait > 0) return wait;
  const vf = volumeFacts(rt.store, ns, vmi.spec?.volumes);
  const res = scheduleDemand(rt, demandOf(vmi, vf.allowedNodes, vmiDeviceRequests(rt.store, vmi)));
  if (res.node === undefined) {
    markUnschedulable(rt, vmi, pod, res.message);
    return rt.delay(DELAYS.unschedulableRetry);
  }
  lastUnschedulable.delete(vmi.metadata.uid ?? '');
  const bound = mutate(rt.store, R.pod, ns, pod.metadata.name ?? '', (p) => {
    p.spec.nodeName = res.node;
    p.status.conditions = setCondition(p.status.conditions, { type: 'PodScheduled', status: 'True' });
  });
  rt.events.record(pod, 'Normal', 'Scheduled', `Successfully assigned ${ns}/${pod.metadata.name} to ${res.node}`, 'default-scheduler');
  mutate(rt.store, R.vmi, ns, name, (o) => {
    o.status.conditions = removeCondition(o.status.conditions, 'PodScheduled');
    o.status.nodeName = res.node;
    o.status.activePods = { [bound?.metadata.uid ?? '']: res.node };
    o.metadata.labels = { ...(o.metadata.labels ?? {}), 'kubevirt.io/nodeName': res.node };
    setPhase(o, 'Scheduled');
  });
  return rt.delay(DELAYS.scheduledToRunning);
}

function markUnschedulable(rt: Runtime, vmi: KubeObject, pod: KubeObject, message: string): void {
  const cond = { type: 'PodScheduled', status: 'False' as const, reason: 'Unschedulable', message };
  mutate(rt.store, R.pod, pod.metadata.namespace, pod.metadata.name ?? '', (p) => {
    p.status.conditions = setCondition(p.status.conditions, cond);
  });
  mutate(rt.store, R.vmi, vmi.metadata.namespace, vmi.metadata.name ?? '', (o) => {
    o.status.conditions = setCondition(o.status.conditions, cond);
  });
  const uid = vmi.metadata.uid ?? '';
  if (lastUnschedulable.get(uid) !== message) {
    lastUnschedulable.set(uid, message);
    rt.events.record(pod, 'Warning', 'FailedScheduling', message, 'default-scheduler');
  }
}

/** Scheduled: after the launcher's start-up time, the pod runs and so does the VMI. */
export { reconcileScheduled } from './vmi-launch';
