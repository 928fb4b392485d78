import type { KubeObject } from '../store/types';
import { nowIso, R } from './refs';

const phaseAt = new Map<string, number>();

/** Milliseconds since the VMI (by uid) entered its current phase in this process. */
export function sincePhase(vmi: KubeObject): number {
  const uid = vmi.metadata.uid ?? '';
  const at = phaseAt.get(uid);
  if (at === undefined) {
    phaseAt.set(uid, Date.now());
    return 0;
  }
  return Date.now() - at;
}

/** Sets `status.phase` on a copy and records the transition, as virt-controller does. */
export function setPhase(vmi: KubeObject, phase: string): void {
  vmi.status ??= {};
  if (vmi.status.phase === phase) return;
  vmi.status.phase = phase;
  const list = (vmi.status.phaseTransitionTimestamps ?? []) as { phase: string; phaseTransitionTimestamp: string }[];
  list.push({ phase, phaseTransitionTimestamp: nowIso() });
  vmi.status.phaseTransitionTimestamps = list;
  phaseAt.set(vmi.metadata.uid ?? '', Date.now());
}

/** Forgets timing of a deleted VMI. */
export function forgetPhase(uid: string | undefined): void {
  if (uid) phaseAt.delete(uid);
}

/** The VMI's live virt-launcher pod: the one in `status.activePods`, else its first pod. */
export function activePod(store: import('../store/object-store').ObjectStore, vmi: KubeObject): KubeObject | undefined {
  const uid = vmi.metadata.uid ?? '';
  const pods = store.listShared(R.pod, vmi.metadata.namespace).filter((p) => p.metadata.labels?.['kubevirt.io/created-by'] === uid && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed');
  const active = Object.keys(vmi.status?.activePods ?? {});
  const found = active.length ? pods.find((p) => active.includes(p.metadata.uid ?? '')) : pods.find((p) => !p.metadata.labels?.['kubevirt.io/migrationJobUID']);
  return found ? store.get(R.pod, found.metadata.namespace, found.metadata.name ?? '') : undefined;
}

/** A stable pod IP on the node's pod CIDR, derived from the pod's uid. */
export function podIp(node: KubeObject | undefined, podUid: string): string {
  const cidr = (node?.spec?.podCIDR as string | undefined) ?? '10.42.0.0/24';
  const base = cidr.split('/')[0]?.split('.').slice(0, 3).join('.') ?? '10.42.0';
  let h = 0;
  for (const ch of podUid) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return `${base}.${(h % 250) + 3}`;
}

/** A locally administered MAC address derived from a name. */
export function macFor(seed: string): string {
  let h = 0;
  for (const ch of seed) h = (h * 131 + ch.charCodeAt(0)) >>> 0;
  const b = [0x02, 0x5a, (h >>> 24) & 255, (h >>> 16) & 255, (h >>> 8) & 255, h & 255];
  return b.map((x) => x.toString(16).padStart(2, '0')).join(':');
}
