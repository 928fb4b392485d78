/** migrations.kubevirt.io/v1alpha1 MigrationPolicy (cluster-scoped; after `v1alpha1.MigrationPolicy`). */
import type { GroupVersionResource } from '../api-path';
import type { KubeObject } from '../types';

export const MIGRATION_POLICY_GVR: GroupVersionResource = {
  group: 'migrations.kubevirt.io',
  version: 'v1alpha1',
  resource: 'migrationpolicies',
};

export interface MigrationPolicySpec {
  /** Plain label maps (not LabelSelectors): every pair must match. */
  selectors?: {
    namespaceSelector?: Record<string, string>;
    virtualMachineInstanceSelector?: Record<string, string>;
  };
  allowAutoConverge?: boolean;
  /** A quantity per second, e.g. `64Mi`; `0` is unlimited. */
  bandwidthPerMigration?: string;
  completionTimeoutPerGiB?: number;
  allowPostCopy?: boolean;
  maxDowntimeMs?: number;
  [field: string]: unknown;
}

export interface MigrationPolicy extends KubeObject {
  spec: MigrationPolicySpec;
}

/** Label virt-controller puts on a VM's VMI (`kubevirt.io/vm=<vm>`), and every namespace's own name label. */
export const VMI_VM_LABEL = 'kubevirt.io/vm';
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';
