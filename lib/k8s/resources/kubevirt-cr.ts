/** The KubeVirt CR (kubevirt.io/v1 KubeVirt): cluster-wide defaults such as evictionStrategy. */
import type { GroupVersionResource } from '../api-path';
import type { KubeObject } from '../types';

export const KUBEVIRT_GVR: GroupVersionResource = { group: 'kubevirt.io', version: 'v1', resource: 'kubevirts' };

export type EvictionStrategy = 'None' | 'LiveMigrate' | 'LiveMigrateIfPossible' | 'External';

export interface KubeVirtCr extends KubeObject {
  spec?: {
    configuration?: {
      evictionStrategy?: EvictionStrategy;
      migrations?: { bandwidthPerMigration?: string };
      /** Read by lib/network/config (bindings, default interface, bridge on the pod network). */
      network?: Record<string, unknown>;
      developerConfiguration?: { featureGates?: string[] };
    };
  };
}

/** The VMI's evictionStrategy, else the cluster's, else None (virt-controller's order). */
export function effectiveEvictionStrategy(vmiStrategy: string | undefined, kv: KubeVirtCr | undefined): EvictionStrategy {
  return (vmiStrategy ?? kv?.spec?.configuration?.evictionStrategy ?? 'None') as EvictionStrategy;
}
