import type { KubeObject } from '../store/types';
import { getCondition } from './conditions';

/** Facts about a VM's volumes and pod that its printableStatus depends on. */
export interface PrintableFacts {
  vm: KubeObject;
  vmi?: KubeObject;
  /** The VM is expected to run (by runStrategy or a pending start request). */
  shouldRun: boolean;
  pvcMissing?: boolean;
  dataVolumeError?: boolean;
  /** DataVolumes are still importing, cloning or being uploaded. */
  provisioning?: boolean;
  /** PVCs exist but are not bound. */
  pvcUnbound?: boolean;
  imagePull?: 'ErrImagePull' | 'ImagePullBackOff';
  /** The VM is waiting out a start-failure backoff. */
  crashLoop?: boolean;
}

const FINAL = new Set(['Succeeded', 'Failed']);
const STARTING = new Set(['', 'Pending', 'Scheduling', 'Scheduled']);

function vmiActive(vmi: KubeObject | undefined): vmi is KubeObject {
  return !!vmi && !FINAL.has(vmi.status?.phase ?? '');
}

function migrating(vmi: KubeObject): boolean {
  const ms = vmi.status?.migrationState;
  return !!ms?.startTimestamp && !ms.endTimestamp && !ms.completed && !ms.failed;
}

/**
 * The VM's `status.printableStatus`, testing upstream's statuses in upstream's order
 * (virt-controller `vm.go`); the first that matches wins.
 */
export function printableStatus(f: PrintableFacts): string {
  const { vm, vmi } = f;
  if (vm.metadata.deletionTimestamp) return 'Terminating';
  if (vmiActive(vmi) && (vmi.metadata.deletionTimestamp || !f.shouldRun)) return 'Stopping';
  if (vmiActive(vmi) && migrating(vmi)) return 'Migrating';
  if (vmiActive(vmi) && getCondition(vmi, 'Paused')?.status === 'True') return 'Paused';
  if (vmi?.status?.phase === 'Running') return 'Running';
  if (f.shouldRun || vmiActive(vmi)) {
    if (f.pvcMissing) return 'ErrorPvcNotFound';
    if (f.dataVolumeError) return 'DataVolumeError';
    const sched = getCondition(vmi, 'PodScheduled');
    if (vmiActive(vmi) && sched?.status === 'False' && sched.reason === 'Unschedulable') return 'ErrorUnschedulable';
    if (f.provisioning) return 'Provisioning';
    if (f.pvcUnbound) return 'WaitingForVolumeBinding';
    if (f.imagePull) return f.imagePull;
  }
  if (vmiActive(vmi) && STARTING.has(vmi.status?.phase ?? '')) return 'Starting';
  if (f.crashLoop) return 'CrashLoopBackOff';
  if (!vmiActive(vmi)) return 'Stopped';
  if (vm.spec?.runStrategy === 'WaitAsReceiver') return 'WaitingForReceiver';
  return 'Unknown';
}
