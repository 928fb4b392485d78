/** policy/v1 PodDisruptionBudget: what an eviction (and so a drain) must respect. */
import type { GroupVersionResource } from '../api-path';
import type { KubeObject } from '../types';

export const PDB_GVR: GroupVersionResource = { group: 'policy', version: 'v1', resource: 'poddisruptionbudgets' };

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist'; values?: string[] }[];
}

export interface PodDisruptionBudget extends KubeObject {
  spec?: { selector?: LabelSelector; minAvailable?: number | string; maxUnavailable?: number | string };
  status?: { currentHealthy?: number; desiredHealthy?: number; expectedPods?: number; disruptionsAllowed?: number };
}

/** Does a LabelSelector match these labels? (An empty selector matches everything.) */
export function selectorMatches(sel: LabelSelector, labels: Record<string, string>): boolean {
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) if (labels[k] !== v) return false;
  return (sel.matchExpressions ?? []).every((e) => {
    const has = Object.hasOwn(labels, e.key);
    if (e.operator === 'Exists') return has;
    if (e.operator === 'DoesNotExist') return !has;
    const inValues = has && (e.values ?? []).includes(labels[e.key] ?? '');
    return e.operator === 'In' ? inValues : !inValues;
  });
}

/** Budgets of the pod's namespace that select it (a budget with no selector selects none). */
export function budgetsForPod(pdbs: readonly PodDisruptionBudget[], namespace: string, labels: Record<string, string>): PodDisruptionBudget[] {
  return pdbs.filter((b) => b.metadata.namespace === namespace && b.spec?.selector && selectorMatches(b.spec.selector, labels));
}
