/**
 * instancetype.kubevirt.io/v1beta1 cluster-wide instance types and preferences (API-FACTS §1):
 * named VM sizes (vCPU, memory) and guest preferences offered by the create form.
 */
import type { GroupVersionResource } from '../api-path';
import type { KubeObject } from '../types';

export const CLUSTER_INSTANCETYPE_GVR: GroupVersionResource = {
  group: 'instancetype.kubevirt.io',
  version: 'v1beta1',
  resource: 'virtualmachineclusterinstancetypes',
};
export const CLUSTER_PREFERENCE_GVR: GroupVersionResource = {
  group: 'instancetype.kubevirt.io',
  version: 'v1beta1',
  resource: 'virtualmachineclusterpreferences',
};

export interface ClusterInstancetype extends KubeObject {
  spec: { cpu: { guest: number }; memory: { guest: string } };
}

export interface ClusterPreference extends KubeObject {
  spec: Record<string, unknown>;
}

/** "2 vCPU · 4Gi" for an instance type. */
export function instancetypeSummary(it: ClusterInstancetype): { cpu: number; memory: string } {
  return { cpu: it.spec?.cpu?.guest ?? 0, memory: it.spec?.memory?.guest ?? '' };
}
