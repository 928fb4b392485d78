import type { ObjectStore } from '../store/object-store';
import type { KubeObject } from '../store/types';
import { matchLabelSelector } from './selectors';

const PDB = { group: 'policy', resource: 'poddisruptionbudgets' };
const POD = { group: '', resource: 'pods' };

/** What the disruption controller writes into a PodDisruptionBudget's status. */
export interface BudgetStatus {
  expectedPods: number;
  currentHealthy: number;
  desiredHealthy: number;
  disruptionsAllowed: number;
}

export function podHealthy(pod: KubeObject): boolean {
  if (pod.metadata.deletionTimestamp || pod.status?.phase !== 'Running') return false;
  const ready = ((pod.status?.conditions ?? []) as { type: string; status: string }[]).find((c) => c.type === 'Ready');
  return ready ? ready.status === 'True' : true;
}

/** An int or a percentage of `total` (rounded up, as the disruption controller does). */
function scaled(v: unknown, total: number): number {
  if (typeof v === 'string' && v.endsWith('%')) return Math.ceil((Number(v.slice(0, -1)) / 100) * total);
  return Number(v ?? 0);
}

/** Pods a budget selects: a null selector selects none, an empty one every pod of its namespace. */
export function budgetPods(store: ObjectStore, pdb: KubeObject): KubeObject[] {
  const sel = pdb.spec?.selector;
  if (!sel) return [];
  return store.listShared(POD, pdb.metadata.namespace).filter((p) => p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed' && matchLabelSelector(sel, p.metadata.labels ?? {}));
}

/** The budget's status from the pods it selects now. */
export function budgetStatus(store: ObjectStore, pdb: KubeObject): BudgetStatus {
  const pods = budgetPods(store, pdb);
  const expectedPods = pods.length;
  const currentHealthy = pods.filter(podHealthy).length;
  const desiredHealthy = pdb.spec?.minAvailable !== undefined
    ? scaled(pdb.spec.minAvailable, expectedPods)
    : Math.max(0, expectedPods - scaled(pdb.spec?.maxUnavailable, expectedPods));
  return { expectedPods, currentHealthy, desiredHealthy, disruptionsAllowed: Math.max(0, currentHealthy - desiredHealthy) };
}

/** Budgets in the pod's namespace whose selector matches the pod. */
export function budgetsFor(store: ObjectStore, pod: KubeObject): KubeObject[] {
  return store.listShared(PDB, pod.metadata.namespace).filter((b) => b.spec?.selector && matchLabelSelector(b.spec.selector, pod.metadata.labels ?? {}));
}

