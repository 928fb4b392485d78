import { StatusError } from '../store/status-error';
import type { KubeObject } from '../store/types';
import { getCondition } from '../controllers/conditions';
import { evictionStrategy } from '../controllers/drain-controller';
import { mutate } from '../controllers/mutate';
import { R } from '../controllers/refs';
import type { Runtime } from '../controllers/runtime';
import { isFinal } from '../controllers/vmi-controller';

const WEBHOOK = 'virt-launcher-eviction-interceptor.kubevirt.io';

function denied(message: string): StatusError {
  return new StatusError(429, 'TooManyRequests', `admission webhook "${WEBHOOK}" denied the request: ${message}`);
}

/**
 * virt-api's validating webhook on `pods/eviction`: the eviction of a virt-launcher pod whose
 * VMI should move (LiveMigrate, LiveMigrateIfPossible when migratable) or is moved by someone
 * else (External) is refused with 429 after marking `status.evacuationNodeName`, so the
 * evacuation controller migrates it and `kubectl drain` retries until the pod is gone. A
 * LiveMigrate VMI that cannot migrate is refused and stays (it blocks the drain). Other pods,
 * and VMIs with evictionStrategy None, are evicted.
 */
export function admitLauncherEviction(rt: Runtime, pod: KubeObject, dryRun: boolean): void {
  if (pod.metadata.labels?.['kubevirt.io'] !== 'virt-launcher') return;
  const owner = pod.metadata.ownerReferences?.find((o) => o.kind === 'VirtualMachineInstance');
  const ns = pod.metadata.namespace ?? '';
  const vmi = owner ? rt.store.get(R.vmi, ns, owner.name) : undefined;
  if (!vmi || isFinal(vmi) || !Object.keys(vmi.status?.activePods ?? {}).includes(pod.metadata.uid ?? '')) return;
  const name = vmi.metadata.name ?? '';
  const strategy = evictionStrategy(rt, vmi);
  const migratable = getCondition(vmi, 'LiveMigratable')?.status === 'True';
  if (strategy === 'LiveMigrate' && !migratable) throw denied(`VMI ${name} is configured with an eviction strategy but is not live-migratable`);
  const evacuate = strategy === 'LiveMigrate' || strategy === 'External' || (strategy === 'LiveMigrateIfPossible' && migratable);
  if (!evacuate) return;
  const node = pod.spec?.nodeName as string | undefined;
  if (!dryRun && node && vmi.status?.evacuationNodeName !== node) {
    mutate(rt.store, R.vmi, ns, name, (o) => void (o.status.evacuationNodeName = node));
  }
  throw denied(`Eviction triggered evacuation of VMI "${ns}/${name}"`);
}
