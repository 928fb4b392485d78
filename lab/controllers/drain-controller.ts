import type { KubeObject } from '../store/types';
import { getCondition, setCondition } from './conditions';
import { inFlight } from './migration/admission';
import { mutate } from './mutate';
import { R } from './refs';
import type { Runtime } from './runtime';
import { WorkQueue } from './work-queue';

const DRAIN_TAINT = 'kubevirt.io/drain';

/** A node is draining when cordoned and tainted with KubeVirt's nodeDrainTaintKey. */
export function isDraining(node: KubeObject | undefined): boolean {
  return !!node?.spec?.unschedulable && ((node.spec?.taints ?? []) as { key: string }[]).some((t) => t.key === DRAIN_TAINT);
}

/** The VMI's evictionStrategy, else the cluster default in the KubeVirt CR, else None. */
export function evictionStrategy(rt: Runtime, vmi: KubeObject): string {
  const kv = rt.store.list(R.kubevirt)[0];
  return vmi.spec?.evictionStrategy ?? kv?.spec?.configuration?.evictionStrategy ?? 'None';
}

/**
 * The evacuation controller: VMIs on a draining node migrate away when their evictionStrategy
 * allows (LiveMigrate, or LiveMigrateIfPossible when live-migratable); the rest are shut down,
 * as evicting their launcher pods would do. A VMI whose launcher pod's eviction was refused
 * (`status.evacuationNodeName`, set by the eviction interceptor) migrates the same way.
 */
export function startDrainController(rt: Runtime): () => void {
  const q = new WorkQueue('drain', (node) => reconcile(rt, node));
  const stop = rt.store.watch(null, Number(rt.store.resourceVersion()), (ev) => {
    if (ev.key === 'nodes') q.add(ev.object.metadata.name ?? '');
    else if (ev.key === 'virtualmachineinstances.kubevirt.io' && ev.object.status?.evacuationNodeName) q.add(ev.object.status.evacuationNodeName);
    else if (ev.key === 'virtualmachineinstancemigrations.kubevirt.io' && !inFlight(ev.object)) {
      for (const n of rt.store.listShared(R.node)) q.add(n.metadata.name ?? '');
    }
  });
  for (const n of rt.store.listShared(R.node)) q.add(n.metadata.name ?? '');
  return () => {
    stop();
    q.stop();
  };
}

function reconcile(rt: Runtime, nodeName: string): number | void {
  const draining = isDraining(rt.store.get(R.node, undefined, nodeName));
  let pending = false;
  for (const vmi of rt.store.list(R.vmi)) {
    if (vmi.status?.nodeName !== nodeName || vmi.metadata.deletionTimestamp) continue;
    if (vmi.status?.phase === 'Succeeded' || vmi.status?.phase === 'Failed') continue;
    const evicted = vmi.status?.evacuationNodeName === nodeName;
    if (!draining && !evicted) continue;
    pending = true;
    const strategy = evictionStrategy(rt, vmi);
    const migratable = getCondition(vmi, 'LiveMigratable')?.status === 'True';
    if (strategy === 'LiveMigrate' || (strategy === 'LiveMigrateIfPossible' && migratable)) evacuate(rt, vmi, nodeName);
    else if (draining && strategy !== 'External') {
      rt.events.record(vmi, 'Normal', 'SuccessfulEvict', `Evicted VMI ${vmi.metadata.name} from draining node ${nodeName}`, 'disruptionbudget-controller');
      rt.store.delete(R.vmi, vmi.metadata.namespace, vmi.metadata.name ?? '');
    }
  }
  return pending ? rt.delay(3000) : undefined;
}

function evacuate(rt: Runtime, vmi: KubeObject, nodeName: string): void {
  const ns = vmi.metadata.namespace ?? '';
  const name = vmi.metadata.name ?? '';
  if (vmi.status?.phase !== 'Running') return;
  const busy = rt.store.listShared(R.vmim, ns).some((m) => m.spec?.vmiName === name && inFlight(m));
  if (busy) return;
  mutate(rt.store, R.vmi, ns, name, (o) => {
    o.status.evacuationNodeName = nodeName;
    o.status.conditions = setCondition(o.status.conditions, { type: 'EvictionRequested', status: 'True', reason: 'EvictionRequested', message: `Node ${nodeName} is draining` });
  });
  const vmim = rt.store.create(R.vmim, {
    apiVersion: 'kubevirt.io/v1',
    kind: 'VirtualMachineInstanceMigration',
    metadata: { generateName: 'kubevirt-evacuation-', namespace: ns, labels: { 'kubevirt.io/vmi-name': name }, annotations: { 'kubevirt.io/evacuationMigration': nodeName }, finalizers: ['kubevirt.io/migrationJobFinalize'] },
    spec: { vmiName: name, priority: 'system-maintenance' },
  });
  rt.events.record(vmi, 'Normal', 'SuccessfulCreate', `Created Migration ${vmim.metadata.name} for evacuation of node ${nodeName}`, 'disruptionbudget-controller');
}
