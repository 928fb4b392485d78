/** What the Nodes page says about one node, in data (components choose the words and colours). */
import type { KubeNode } from '../k8s/resources/node';
import { findCondition } from '../k8s/types';

const PLAIN_RESOURCES = new Set(['cpu', 'memory', 'pods', 'ephemeral-storage']);

/** Roles from `node-role.kubernetes.io/<role>` labels. */
export function nodeRoles(node: KubeNode): string[] {
  return Object.keys(node.metadata.labels ?? {})
    .filter((k) => k.startsWith('node-role.kubernetes.io/'))
    .map((k) => k.slice('node-role.kubernetes.io/'.length));
}

/** Ready, NotReady (with the condition's reason and message) or Unknown (no condition). */
export function nodeReadiness(node: KubeNode): { state: 'Ready' | 'NotReady' | 'Unknown'; reason?: string; message?: string } {
  const c = findCondition(node.status?.conditions, 'Ready');
  if (!c) return { state: 'Unknown' };
  if (c.status === 'True') return { state: 'Ready' };
  return { state: c.status === 'Unknown' ? 'Unknown' : 'NotReady', reason: c.reason, message: c.message };
}

/** Extended resources a node offers (devices such as KVM, TUN, SR-IOV VFs, GPUs), name → allocatable. */
export function deviceResources(node: KubeNode): [string, string][] {
  return Object.entries(node.status?.allocatable ?? {})
    .filter(([k]) => !PLAIN_RESOURCES.has(k) && !k.startsWith('hugepages-'))
    .sort(([a], [b]) => a.localeCompare(b));
}

/** KubeVirt's own labels on the node (schedulable, CPU models and features). */
export function kubevirtLabels(node: KubeNode): [string, string][] {
  return Object.entries(node.metadata.labels ?? {}).filter(([k]) => k.startsWith('kubevirt.io/') || k.startsWith('cpu-model.node.kubevirt.io/'));
}
