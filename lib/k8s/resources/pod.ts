/** core/v1 Pod, as far as drains need it: virt-launcher pods and their eviction. */
import { apiPath, type GroupVersionResource } from '../api-path';
import type { KubeObject } from '../types';

export const POD_GVR: GroupVersionResource = { group: '', version: 'v1', resource: 'pods' };

/** Label of every virt-launcher pod (`kubevirt.io=virt-launcher`). */
export const LAUNCHER_SELECTOR = 'kubevirt.io=virt-launcher';

export interface KubePod extends KubeObject {
  spec?: { nodeName?: string; containers?: { name?: string; resources?: { requests?: Record<string, string>; limits?: Record<string, string> } }[] };
  status?: { phase?: string };
}

/** `POST` here with a policy/v1 Eviction evicts the pod, honouring its disruption budget. */
export function podEvictionPath(namespace: string, name: string): string {
  return apiPath(POD_GVR, { namespace, name, subresource: 'eviction' });
}

/** The policy/v1 Eviction body for one pod. */
export function evictionBody(namespace: string, name: string): KubeObject {
  return { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name, namespace } };
}

/** Name of the VMI a virt-launcher pod runs (its `vm.kubevirt.io/name` label). */
export function launcherVmiName(pod: KubePod): string | undefined {
  return pod.metadata.labels?.['vm.kubevirt.io/name'];
}
