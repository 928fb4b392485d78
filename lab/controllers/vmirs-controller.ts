import type { KubeObject } from '../store/types';
import { isTrue } from './conditions';
import { mutate } from './mutate';
import { controllerRef, R } from './refs';
import type { Runtime } from './runtime';
import { keyOf, splitKey, WorkQueue } from './work-queue';

const FINAL = new Set(['Succeeded', 'Failed']);

/** virt-controller's VirtualMachineInstanceReplicaSet loop: keep `replicas` live VMIs. */
export function startVmirsController(rt: Runtime): () => void {
  const q = new WorkQueue('vmirs', (key) => reconcile(rt, key));
  rt.queues.vmirs = q;
  for (const rs of rt.store.listShared(R.vmirs)) q.add(keyOf(rs.metadata.namespace, rs.metadata.name));
  const stop = rt.store.watch(null, Number(rt.store.resourceVersion()), (ev) => {
    const o = ev.object;
    if (ev.key === 'virtualmachineinstancereplicasets.kubevirt.io') q.add(keyOf(o.metadata.namespace, o.metadata.name));
    else if (ev.key === 'virtualmachineinstances.kubevirt.io') {
      const owner = o.metadata.ownerReferences?.find((r) => r.kind === 'VirtualMachineInstanceReplicaSet');
      if (owner) q.add(keyOf(o.metadata.namespace, owner.name));
    }
  });
  return () => {
    stop();
    q.stop();
  };
}

function newVmi(rs: KubeObject): KubeObject {
  const t = rs.spec?.template ?? {};
  return {
    apiVersion: 'kubevirt.io/v1',
    kind: 'VirtualMachineInstance',
    metadata: { generateName: rs.metadata.name, namespace: rs.metadata.namespace, labels: { ...(t.metadata?.labels ?? {}) }, annotations: { ...(t.metadata?.annotations ?? {}) }, ownerReferences: [controllerRef(rs)] },
    spec: structuredClone(t.spec ?? {}),
  };
}

function reconcile(rt: Runtime, key: string): void {
  const [ns, name] = splitKey(key);
  const rs = rt.store.get(R.vmirs, ns, name);
  if (!rs || rs.metadata.deletionTimestamp) return;
  const owned = rt.store.list(R.vmi, ns).filter((v) => v.metadata.ownerReferences?.some((o) => o.uid === rs.metadata.uid));
  for (const v of owned) {
    if (FINAL.has(v.status?.phase ?? '') && !v.metadata.deletionTimestamp) {
      rt.store.delete(R.vmi, ns, v.metadata.name ?? '');
      rt.events.record(rs, 'Normal', 'SuccessfulDelete', `Deleted finished virtual machine: ${v.metadata.uid}`);
    }
  }
  const live = owned.filter((v) => !FINAL.has(v.status?.phase ?? '') && !v.metadata.deletionTimestamp);
  const want = Number(rs.spec?.replicas ?? 1);
  if (!rs.spec?.paused) {
    for (let i = live.length; i < want; i++) {
      const created = rt.store.create(R.vmi, newVmi(rs));
      rt.events.record(rs, 'Normal', 'SuccessfulCreate', `Created virtual machine instance: ${created.metadata.name}`);
    }
    for (const v of live.slice(want)) {
      rt.store.delete(R.vmi, ns, v.metadata.name ?? '');
      rt.events.record(rs, 'Normal', 'SuccessfulDelete', `Deleted virtual machine instance: ${v.metadata.uid}`);
    }
  }
  const ready = live.filter((v) => v.status?.phase === 'Running' && isTrue(v, 'Ready')).length;
  const sel = rs.spec?.selector?.matchLabels ?? {};
  mutate(rt.store, R.vmirs, ns, name, (o) => {
    o.status = {
      ...(o.status ?? {}),
      replicas: Math.min(live.length, rs.spec?.paused ? live.length : want),
      readyReplicas: ready,
      labelSelector: Object.entries(sel).map(([k, v]) => `${k}=${v}`).join(','),
    };
  });
}
