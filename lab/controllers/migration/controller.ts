import type { KubeObject } from '../../store/types';
import { setCondition } from '../conditions';
import { launcherPod } from '../launcher-pod';
import { mutate } from '../mutate';
import { nowIso, R } from '../refs';
import { DELAYS, type Runtime } from '../runtime';
import { activePod, podIp, setPhase, sincePhase } from '../vmi-phase';
import { vmiDeviceRequests } from '../device-requests';
import { demandOf, scheduleDemand } from '../vmi-start';
import { keyOf, splitKey, WorkQueue } from '../work-queue';
import { inFlight, VMIM_FINALIZER } from './admission';
import { migrationConfig } from './config';
import { finishFailure } from './finish';
import { abortRun, beginRun, tickRun } from './run';
import { reconcileReceive, receiveId } from './decentralized-receiver';
import { abortSend, reconcileSend, sendTo } from './decentralized-source';

const ACTIVE = new Set(['Scheduling', 'Scheduled', 'PreparingTarget', 'TargetReady', 'Running']);

/** virt-controller's migration loop and the virt-handler side of a live migration. */
export function startMigrationController(rt: Runtime): () => void {
  const q = new WorkQueue('vmim', (key) => reconcile(rt, key));
  rt.queues.vmim = q;
  const all = () => rt.store.listShared(R.vmim).forEach((m) => q.add(keyOf(m.metadata.namespace, m.metadata.name)));
  all();
  const stop = rt.store.watch(null, Number(rt.store.resourceVersion()), (ev) => {
    if (ev.key === 'virtualmachineinstancemigrations.kubevirt.io') {
      q.add(keyOf(ev.object.metadata.namespace, ev.object.metadata.name));
      // A finished migration frees a slot for queued ones.
      if (!inFlight(ev.object) || ev.type === 'DELETED') all();
    }
  });
  return () => {
    stop();
    q.stop();
  };
}

function updatePhaseGauges(rt: Runtime): void {
  const ms = rt.store.listShared(R.vmim);
  rt.metrics.migInPending.set(ms.filter((m) => (m.status?.phase ?? '') === 'Pending').length);
  rt.metrics.migInScheduling.set(ms.filter((m) => m.status?.phase === 'Scheduling').length);
  rt.metrics.migInPhase.set(ms.filter((m) => m.status?.phase === 'Running').length);
}

async function reconcile(rt: Runtime, key: string): Promise<number | void> {
  const [ns, name] = splitKey(key);
  const m = rt.store.get(R.vmim, ns, name);
  updatePhaseGauges(rt);
  if (!m) return;
  const vmi = rt.store.get(R.vmi, ns, m.spec?.vmiName ?? '');
  if (m.metadata.deletionTimestamp) return deleting(rt, m, vmi);
  if (!inFlight(m)) return;
  if (!m.metadata.labels?.['kubevirt.io/vmi-name'] || !(m.metadata.finalizers ?? []).includes(VMIM_FINALIZER)) {
    mutate(rt.store, R.vmim, ns, name, (o) => {
      o.metadata.labels = { ...(o.metadata.labels ?? {}), 'kubevirt.io/vmi-name': o.spec?.vmiName ?? '' };
      o.metadata.finalizers = [...new Set([...(o.metadata.finalizers ?? []), VMIM_FINALIZER])];
    });
    return 0;
  }
  if (receiveId(m)) return reconcileReceive(rt, rt.sync?.address, m, vmi);
  if (sendTo(m) && rt.sync && vmi?.status?.phase === 'Running' && !vmi.metadata.deletionTimestamp) return reconcileSend(rt, rt.sync.hub, m, vmi);
  if (!vmi || vmi.metadata.deletionTimestamp || vmi.status?.phase !== 'Running') {
    if ((m.status?.phase ?? '') === '' || m.status?.phase === 'Pending') {
      if (vmi && !vmi.metadata.deletionTimestamp && !['Succeeded', 'Failed'].includes(vmi.status?.phase)) return rt.delay(1000);
    }
    finishFailure(rt, m, vmi, "VMI's phase is final or the VMI is gone");
    return;
  }
  switch (m.status?.phase ?? '') {
    case '':
      mutate(rt.store, R.vmim, ns, name, (o) => setPhase(o, 'Pending'));
      return 0;
    case 'Pending': return pending(rt, m, vmi);
    case 'Scheduling': return scheduling(rt, m, vmi);
    case 'Scheduled': return advance(rt, m, 'PreparingTarget', () => preparing(rt, m, vmi));
    case 'PreparingTarget': return advance(rt, m, 'TargetReady', () => undefined);
    case 'TargetReady': return advance(rt, m, 'Running', () => running(rt, m, vmi));
    case 'Running': return tickRun(rt, m, vmi);
  }
}

function advance(rt: Runtime, m: KubeObject, next: string, effect: () => void): number {
  const wait = rt.delay(DELAYS.migrationStep) - sincePhase(m);
  if (wait > 0) return wait;
  effect();
  mutate(rt.store, R.vmim, m.metadata.namespace, m.metadata.name ?? '', (o) => setPhase(o, next));
  return next === 'Running' ? rt.delay(DELAYS.migrationTick) : rt.delay(DELAYS.migrationStep);
}

function pending(rt: Runtime, m: KubeObject, vmi: KubeObject): number | void {
  const cfg = migrationConfig(rt.store, vmi);
  const active = rt.store.listShared(R.vmim).filter((x) => ACTIVE.has(x.status?.phase ?? ''));
  const source = vmi.status?.nodeName;
  // The VMIM carries no migrationState until it is final: the live state is the VMI's.
  const outbound = active.filter((x) => rt.store.get(R.vmi, x.metadata.namespace, x.spec?.vmiName ?? '')?.status?.migrationState?.sourceNode === source);
  if (active.length >= cfg.parallelMigrationsPerCluster || outbound.length >= cfg.parallelOutboundMigrationsPerNode) return rt.delay(2000);
  const wait = rt.delay(DELAYS.migrationStep) - sincePhase(m);
  if (wait > 0) return wait;
  const target = rt.store.create(R.pod, launcherPod(vmi, { target: { migrationUid: m.metadata.uid ?? '' }, devices: vmiDeviceRequests(rt.store, vmi) }));
  rt.events.record(m, 'Normal', 'SuccessfulCreate', `Created migration target pod ${m.metadata.namespace}/${target.metadata.name} with uuid ${target.metadata.uid} for migration ${m.metadata.uid}`, 'migration-controller');
  const state = {
    migrationUid: m.metadata.uid,
    sourceNode: source,
    sourcePod: activePod(rt.store, vmi)?.metadata.name,
    targetPod: target.metadata.name,
    mode: 'PreCopy',
    ...(cfg.policyName ? { migrationPolicyName: cfg.policyName } : {}),
    migrationConfiguration: {
      allowAutoConverge: cfg.allowAutoConverge, allowPostCopy: cfg.allowPostCopy, bandwidthPerMigration: cfg.bandwidthPerMigration,
      completionTimeoutPerGiB: cfg.completionTimeoutPerGiB, progressTimeout: cfg.progressTimeout, nodeDrainTaintKey: 'kubevirt.io/drain',
      parallelMigrationsPerCluster: cfg.parallelMigrationsPerCluster, parallelOutboundMigrationsPerNode: cfg.parallelOutboundMigrationsPerNode,
    },
    migrationNetworkType: 'Pod',
  };
  mutate(rt.store, R.vmi, vmi.metadata.namespace, vmi.metadata.name ?? '', (o) => void (o.status.migrationState = state));
  // virt-controller copies the VMI's migrationState into the VMIM only once it is final.
  mutate(rt.store, R.vmim, m.metadata.namespace, m.metadata.name ?? '', (o) => setPhase(o, 'Scheduling'));
  return rt.delay(DELAYS.migrationStep);
}

function scheduling(rt: Runtime, m: KubeObject, vmi: KubeObject): number | void {
  const ns = m.metadata.namespace ?? '';
  const ms = vmi.status?.migrationState ?? {};
  const pod = ms.targetPod ? rt.store.get(R.pod, ns, ms.targetPod) : undefined;
  if (!pod) return finishFailure(rt, m, vmi, 'target pod disappeared');
  const d = { ...demandOf(vmi, undefined, vmiDeviceRequests(rt.store, vmi)), excludeNodes: [ms.sourceNode] };
  d.nodeSelector = { ...d.nodeSelector, ...(m.spec?.addedNodeSelector ?? {}) };
  const res = scheduleDemand(rt, d);
  if (res.node === undefined) {
    mutate(rt.store, R.pod, ns, pod.metadata.name ?? '', (p) => {
      p.status.conditions = setCondition(p.status.conditions, { type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: res.message });
    });
    if (!pod.status?.conditions?.some((c: { reason?: string }) => c.reason === 'Unschedulable')) rt.events.record(pod, 'Warning', 'FailedScheduling', res.message, 'default-scheduler');
    if (sincePhase(m) > rt.delay(300_000)) return finishFailure(rt, m, vmi, `target pod is unschedulable: ${res.message}`);
    return rt.delay(DELAYS.unschedulableRetry);
  }
  mutate(rt.store, R.pod, ns, pod.metadata.name ?? '', (p) => {
    p.spec.nodeName = res.node;
    p.status.conditions = setCondition(p.status.conditions, { type: 'PodScheduled', status: 'True' });
  });
  rt.events.record(pod, 'Normal', 'Scheduled', `Successfully assigned ${ns}/${pod.metadata.name} to ${res.node}`, 'default-scheduler');
  const patch = (o: KubeObject) => void (o.status.migrationState = { ...o.status.migrationState, targetNode: res.node });
  mutate(rt.store, R.vmi, ns, vmi.metadata.name ?? '', patch);
  mutate(rt.store, R.vmim, ns, m.metadata.name ?? '', (o) => setPhase(o, 'Scheduled'));
  return rt.delay(DELAYS.migrationStep);
}

function preparing(rt: Runtime, m: KubeObject, vmi: KubeObject): void {
  const ns = m.metadata.namespace ?? '';
  const ms = vmi.status?.migrationState ?? {};
  const node = rt.store.get(R.node, undefined, ms.targetNode ?? '');
  const pod = rt.store.get(R.pod, ns, ms.targetPod ?? '');
  const ip = podIp(node, pod?.metadata.uid ?? '');
  mutate(rt.store, R.pod, ns, ms.targetPod ?? '', (p) => {
    p.status.phase = 'Running';
    p.status.podIP = ip;
    p.status.podIPs = [{ ip }];
    p.status.startTime = nowIso();
  });
  const address = node?.status?.addresses?.[0]?.address ?? ip;
  mutate(rt.store, R.vmi, ns, vmi.metadata.name ?? '', (o) => {
    o.status.migrationState = { ...o.status.migrationState, targetNodeAddress: address, targetNodeDomainDetected: true, targetDirectMigrationNodePorts: { '37813': 0, '40579': 49152 } };
  });
  rt.events.record(vmi, 'Normal', 'PreparingTarget', `Migration Target is listening at ${address}, on ports: 37813,40579`, 'virt-handler', ms.targetNode);
}

function running(rt: Runtime, m: KubeObject, vmi: KubeObject): void {
  const ns = m.metadata.namespace ?? '';
  const now = nowIso();
  const cfg = migrationConfig(rt.store, vmi);
  mutate(rt.store, R.vmi, ns, vmi.metadata.name ?? '', (o) => void (o.status.migrationState = { ...o.status.migrationState, startTimestamp: now }));
  const fresh = rt.store.get(R.vmi, ns, vmi.metadata.name ?? '') ?? vmi;
  rt.events.record(vmi, 'Normal', 'Migrating', `VirtualMachineInstance is migrating.`, 'virt-handler', vmi.status?.nodeName);
  rt.metrics.migStart.set({ node: vmi.status?.nodeName ?? '', namespace: ns, name: vmi.metadata.name ?? '', migration_name: m.metadata.name ?? '' }, Date.now() / 1000);
  beginRun(rt, m, fresh, cfg, fresh.status?.migrationState?.targetNode ?? '');
}

async function deleting(rt: Runtime, m: KubeObject, vmi: KubeObject | undefined): Promise<void> {
  const ns = m.metadata.namespace ?? '';
  if (inFlight(m)) {
    if (vmi && vmi.status?.migrationState?.migrationUid === m.metadata.uid) {
      mutate(rt.store, R.vmi, ns, vmi.metadata.name ?? '', (o) => void (o.status.migrationState = { ...o.status.migrationState, abortRequested: true, abortStatus: 'Aborting' }));
    }
    await abortRun(m.metadata.uid ?? '');
    if (sendTo(m) && rt.sync) await abortSend(rt, rt.sync.hub, m);
    const fresh = vmi ? rt.store.get(R.vmi, ns, vmi.metadata.name ?? '') : undefined;
    finishFailure(rt, m, fresh, 'Live migration aborted by user request', true);
  }
  mutate(rt.store, R.vmim, ns, m.metadata.name ?? '', (o) => void (o.metadata.finalizers = (o.metadata.finalizers ?? []).filter((f) => f !== VMIM_FINALIZER)));
}
