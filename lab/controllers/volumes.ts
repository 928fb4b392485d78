import type { ObjectStore } from '../store/object-store';
import type { KubeObject } from '../store/types';
import type { ClaimModes } from './live-migratable';
import { R } from './refs';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;

/** Where a VM's or VMI's volumes stand, for scheduling, printableStatus and migratability. */
export interface VolumeFacts {
  pvcMissing: boolean;
  dataVolumeError: boolean;
  provisioning: boolean;
  pvcUnbound: boolean;
  /** Claims waiting for a consumer (WaitForFirstConsumer, not yet bound). */
  waitingForConsumer: string[];
  claimModes: ClaimModes;
  /** Nodes allowed by bound node-local volumes; undefined = any. */
  allowedNodes?: string[];
  /** Every volume is ready for a pod to use. */
  ready: boolean;
}

const DV_READY = new Set(['Succeeded']);
const DV_WAITING = new Set(['WaitForFirstConsumer', 'PendingPopulation']);

/** Facts about the claims behind `volumes` (a VMI spec's `volumes`). */
export function volumeFacts(store: ObjectStore, ns: string, volumes: Any[] | undefined): VolumeFacts {
  const f: VolumeFacts = { pvcMissing: false, dataVolumeError: false, provisioning: false, pvcUnbound: false, waitingForConsumer: [], claimModes: {}, ready: true };
  for (const v of volumes ?? []) {
    const dvName = v.dataVolume?.name as string | undefined;
    const claim = (v.persistentVolumeClaim?.claimName ?? dvName) as string | undefined;
    if (!claim) continue;
    const dv = dvName ? store.get(R.dv, ns, dvName) : undefined;
    const pvc = store.get(R.pvc, ns, claim);
    if (dvName && !dv && !pvc) {
      f.pvcMissing = true;
      f.ready = false;
      continue;
    }
    if (dv) {
      const phase = dv.status?.phase ?? '';
      if (phase === 'Failed') f.dataVolumeError = true;
      else if (DV_WAITING.has(phase)) f.waitingForConsumer.push(claim);
      else if (!DV_READY.has(phase)) f.provisioning = true;
      if (!DV_READY.has(phase)) f.ready = false;
    }
    if (!pvc) {
      if (!dv) f.pvcMissing = true;
      f.ready = false;
      continue;
    }
    f.claimModes[claim] = pvc.spec?.accessModes ?? [];
    if (pvc.status?.phase !== 'Bound') {
      if (!dv) {
        if (isWffcClaim(store, pvc)) f.waitingForConsumer.push(claim);
        else f.pvcUnbound = true;
      }
      f.ready = false;
      continue;
    }
    const node = boundNode(store, pvc);
    if (node) f.allowedNodes = (f.allowedNodes ?? [node]).filter((n) => n === node);
  }
  return f;
}

/** True when the claim's storage class binds on first consumer. */
export function isWffcClaim(store: ObjectStore, pvc: KubeObject): boolean {
  const sc = store.get(R.storageClass, undefined, pvc.spec?.storageClassName ?? '');
  return sc?.volumeBindingMode === 'WaitForFirstConsumer';
}

/** The node a bound local volume lives on, from the PV's nodeAffinity. */
export function boundNode(store: ObjectStore, pvc: KubeObject): string | undefined {
  const pv = store.get(R.pv, undefined, pvc.spec?.volumeName ?? '');
  const term = pv?.spec?.nodeAffinity?.required?.nodeSelectorTerms?.[0]?.matchExpressions?.[0];
  return term?.key === 'kubernetes.io/hostname' ? term.values?.[0] : undefined;
}
