/** core/v1 Pod, as far as drains need it: virt-launcher pods and their eviction. */
import { apiPath, queryString, type GroupVersionResource } from '../api-path';
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

/** Namespace KubeVirt is installed in, and the label of its virt-handler DaemonSet pods. */
export const KUBEVIRT_NAMESPACE = 'kubevirt';
export const HANDLER_SELECTOR = 'kubevirt.io=virt-handler';

/** Path of one node's virt-handler pods (the DaemonSet runs one per node). */
export function handlerPodsPath(node: string): string {
  return `${apiPath(POD_GVR, { namespace: KUBEVIRT_NAMESPACE })}${queryString({ labelSelector: HANDLER_SELECTOR, fieldSelector: `spec.nodeName=${node}` })}`;
}

/**
 * virt-handler's Prometheus metrics through the API server's pod proxy: TLS on 8443, so the
 * `https:<pod>:8443` form (the bare name would dial port 80 over plain HTTP).
 */
export function handlerMetricsPath(pod: string): string {
  return apiPath(POD_GVR, {
    namespace: KUBEVIRT_NAMESPACE,
    name: `https:${pod}:8443`,
    subresource: 'proxy/metrics',
  });
}
