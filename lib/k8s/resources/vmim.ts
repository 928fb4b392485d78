/** kubevirt.io/v1 VirtualMachineInstanceMigration (after `v1.VirtualMachineInstanceMigration`). */
import type { GroupVersionResource } from '../api-path';
import type { KubeCondition, KubeObject } from '../types';

export const VMIM_GVR: GroupVersionResource = {
  group: 'kubevirt.io',
  version: 'v1',
  resource: 'virtualmachineinstancemigrations',
};

/** Label the admission webhook puts on every VMIM (`kubevirt.io/vmi-name=<vmi>`). */
export const VMIM_VMI_LABEL = 'kubevirt.io/vmi-name';

export const VMIM_FINAL_PHASES = ['Succeeded', 'Failed'] as const;

export interface VirtualMachineInstanceMigration extends KubeObject {
  spec: {
    vmiName: string;
    addedNodeSelector?: Record<string, string>;
    priority?: string;
    /** Decentralized migration, source side: the receiver's synchronization address and the shared ID. */
    sendTo?: { migrationID: string; connectURL: string };
    /** Decentralized migration, receiving side. */
    receive?: { migrationID: string };
  };
  status?: {
    phase?: string;
    conditions?: KubeCondition[];
    phaseTransitionTimestamps?: { phase: string; phaseTransitionTimestamp: string }[];
    migrationState?: Record<string, unknown> & {
      sourceNode?: string;
      targetNode?: string;
      failureReason?: string;
    };
    /** Where a receiving VMIM's synchronization controller listens (decentralized migration). */
    synchronizationAddresses?: string[];
  };
}

/** Label selector for one VMI's migrations. */
export function vmimSelectorFor(vmiName: string): string {
  return `${VMIM_VMI_LABEL}=${vmiName}`;
}

/** Whether the migration has finished (succeeded or failed). */
export function vmimIsFinal(m: VirtualMachineInstanceMigration): boolean {
  return (VMIM_FINAL_PHASES as readonly string[]).includes(m.status?.phase ?? '');
}
