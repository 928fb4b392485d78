import type { KubeObject } from '../store/types';
import { getCondition, setCondition } from './conditions';
import { networkConfigOf } from '../../lib/network/config';
import { liveMigratableCondition } from './live-migratable';
import { mutate } from './mutate';
import { R } from './refs';
import { DELAYS, type Runtime } from './runtime';
import { activePod, podIp, setPhase, sincePhase } from './vmi-phase';
import { startGuest } from './vmi-launch';
import { volumeFacts } from './volumes';
import { launcherGone, reconcileLostPod } from './vmi-stop';

function nodeReady(rt: Runtime, name: string | undefined): boolean {
  const node = rt.store.get(R.node, undefined, name ?? '');
  return getCondition(node, 'Ready')?.status === 'True';
}

/**
 * Running: keep LiveMigratable current, make sure the guest exists (after a lab restart), and
 * turn to Unknown when the node stops reporting Ready, as a VMI on a dead kubelet does.
 */
export function reconcileRunning(rt: Runtime, vmi: KubeObject): number | void {
  const ns = vmi.metadata.namespace ?? '';
  const name = vmi.metadata.name ?? '';
  const nodeName = vmi.status?.nodeName as string | undefined;
  if (!nodeReady(rt, nodeName)) {
    mutate(rt.store, R.vmi, ns, name, (o) => {
      setPhase(o, 'Unknown');
      o.status.conditions = setCondition(o.status.conditions, { type: 'Ready', status: 'False', reason: 'PodConditionMissing', message: `node ${nodeName} is not ready` });
    });
    return rt.delay(DELAYS.nodeUnresponsiveGrace);
  }
  if (launcherGone(rt, vmi)) return reconcileLostPod(rt, vmi);
  const vf = volumeFacts(rt.store, ns, vmi.spec?.volumes);
  mutate(rt.store, R.vmi, ns, name, (o) => {
    o.status.conditions = setCondition(o.status.conditions, liveMigratableCondition(o, vf.claimModes, networkConfigOf(rt.store.listShared(R.kubevirt)[0])));
  });
  if (!rt.guests.get(vmi.metadata.uid) && !rt.guests.exitReason(vmi.metadata.uid) && nodeName) {
    const pod = activePod(rt.store, vmi);
    startGuest(rt, vmi, nodeName, pod?.status?.podIP ?? podIp(undefined, vmi.metadata.uid ?? ''));
  }
}

/** Unknown: back to Running if the node recovers, Failed after the node grace period. */
export function reconcileUnknown(rt: Runtime, vmi: KubeObject): number | void {
  const ns = vmi.metadata.namespace ?? '';
  const name = vmi.metadata.name ?? '';
  const nodeName = vmi.status?.nodeName as string | undefined;
  if (nodeReady(rt, nodeName)) {
    mutate(rt.store, R.vmi, ns, name, (o) => {
      setPhase(o, 'Running');
      o.status.conditions = setCondition(o.status.conditions, { type: 'Ready', status: 'True' });
    });
    return;
  }
  const wait = rt.delay(DELAYS.nodeUnresponsiveGrace) - sincePhase(vmi);
  if (wait > 0) return wait;
  rt.events.record(vmi, 'Warning', 'NodeUnresponsive', `virt-handler on node ${nodeName} is not responsive, marking VMI as failed`);
  const pod = activePod(rt.store, vmi);
  if (pod) mutate(rt.store, R.pod, ns, pod.metadata.name ?? '', (p) => void (p.status.phase = 'Failed'));
  mutate(rt.store, R.vmi, ns, name, (o) => {
    setPhase(o, 'Failed');
    o.status.reason = 'NodeUnresponsive';
    o.status.conditions = setCondition(o.status.conditions, { type: 'Ready', status: 'False', reason: 'PodTerminating', message: 'virt-launcher pod is terminating' });
  });
  void rt.guests.get(vmi.metadata.uid)?.shutdown(0);
}
