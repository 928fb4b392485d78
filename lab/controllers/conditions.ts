import type { KubeObject } from '../store/types';
import { nowIso } from './refs';

/** A status condition as KubeVirt writes it. */
export interface Condition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason?: string;
  message?: string;
  lastProbeTime?: string | null;
  lastTransitionTime?: string;
}

/** The condition of `type`, if present. */
export function getCondition(obj: KubeObject | undefined, type: string): Condition | undefined {
  return ((obj?.status?.conditions ?? []) as Condition[]).find((c) => c.type === type);
}

/** True when `type` is present with status True. */
export function isTrue(obj: KubeObject | undefined, type: string): boolean {
  return getCondition(obj, type)?.status === 'True';
}

/**
 * Sets a condition in a conditions array, keeping lastTransitionTime when the status did not
 * change (as the apimachinery helpers do). Returns the new array.
 */
export function setCondition(list: Condition[] | undefined, c: Condition): Condition[] {
  const out = [...(list ?? [])];
  const i = out.findIndex((x) => x.type === c.type);
  const old = i >= 0 ? out[i] : undefined;
  const next: Condition = {
    lastProbeTime: null,
    ...c,
    lastTransitionTime: old && old.status === c.status ? old.lastTransitionTime : nowIso(),
  };
  if (i >= 0) out[i] = next;
  else out.push(next);
  return out;
}

/** Removes a condition type. */
export function removeCondition(list: Condition[] | undefined, type: string): Condition[] {
  return (list ?? []).filter((c) => c.type !== type);
}
