/** core/v1 Node: readiness and schedulability for VM placement and migration. */
import type { GroupVersionResource } from '../api-path';
import { findCondition, type KubeCondition, type KubeObject } from '../types';

export const NODE_GVR: GroupVersionResource = { group: '', version: 'v1', resource: 'nodes' };

export interface KubeNode extends KubeObject {
  spec?: { unschedulable?: boolean; taints?: { key: string; value?: string; effect: string }[] };
  status?: {
    conditions?: KubeCondition[];
    capacity?: Record<string, string>;
    allocatable?: Record<string, string>;
    addresses?: { type: string; address: string }[];
    nodeInfo?: Record<string, string>;
  };
}

/** Ready condition is True. */
export function nodeIsReady(node: KubeNode): boolean {
  return findCondition(node.status?.conditions, 'Ready')?.status === 'True';
}

/** Ready and not cordoned. */
export function nodeIsSchedulable(node: KubeNode): boolean {
  return nodeIsReady(node) && !node.spec?.unschedulable;
}
