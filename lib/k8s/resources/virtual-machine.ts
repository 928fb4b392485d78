/**
 * kubevirt.io/v1 VirtualMachine: type (after KubeVirt's OpenAPI `v1.VirtualMachine`), GVR,
 * pure selectors and query keys.
 */
import type { GroupVersionResource } from '../api-path';
import { parseQuantity } from '../quantity';
import type { KubeCondition, KubeObject, ObjectMeta } from '../types';
import type { VirtualMachineInstanceSpec } from './virtual-machine-instance';

export const VM_GVR: GroupVersionResource = { group: 'kubevirt.io', version: 'v1', resource: 'virtualmachines' };
/** virt-api's aggregated group that serves start/stop/restart/migrate. */
export const VM_SUBRESOURCE_GVR: GroupVersionResource = {
  group: 'subresources.kubevirt.io',
  version: 'v1',
  resource: 'virtualmachines',
};

/** The six `spec.runStrategy` values of KubeVirt v1. */
export const RUN_STRATEGIES = ['Always', 'Halted', 'Manual', 'RerunOnFailure', 'Once', 'WaitAsReceiver'] as const;
export type RunStrategy = (typeof RUN_STRATEGIES)[number];

/** Every `status.printableStatus` virt-controller sets (API-FACTS §3), plus Unknown. */
export const PRINTABLE_STATUSES = [
  'Terminating',
  'Stopping',
  'Migrating',
  'Paused',
  'Running',
  'ErrorPvcNotFound',
  'DataVolumeError',
  'ErrorUnschedulable',
  'Provisioning',
  'WaitingForVolumeBinding',
  'ErrImagePull',
  'ImagePullBackOff',
  'Starting',
  'CrashLoopBackOff',
  'Stopped',
  'WaitingForReceiver',
  'Unknown',
] as const;
export type PrintableStatus = (typeof PRINTABLE_STATUSES)[number];

export interface DataVolumeTemplateSpec {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMeta;
  // DataVolume spec shape lives in datavolume.ts; templates reuse it.
  spec: import('./datavolume').DataVolumeSpec;
}

export interface VirtualMachineSpec {
  runStrategy?: RunStrategy;
  /** Deprecated; mutually exclusive with runStrategy. */
  running?: boolean;
  instancetype?: { name: string; kind?: string; revisionName?: string; inferFromVolume?: string };
  preference?: { name: string; kind?: string; revisionName?: string; inferFromVolume?: string };
  dataVolumeTemplates?: DataVolumeTemplateSpec[];
  template: { metadata?: ObjectMeta; spec: VirtualMachineInstanceSpec };
}

export interface VirtualMachineStatus {
  printableStatus?: string;
  ready?: boolean;
  created?: boolean;
  runStrategy?: RunStrategy;
  conditions?: KubeCondition[];
  stateChangeRequests?: { action: 'Start' | 'Stop'; data?: Record<string, string>; uid?: string }[];
  startFailure?: { consecutiveFailCount?: number; lastFailedVMIUID?: string; retryAfterTimestamp?: string };
  volumeRequests?: unknown[];
  snapshotInProgress?: string;
  restoreInProgress?: string;
  observedGeneration?: number;
  desiredGeneration?: number;
}

export interface VirtualMachine extends KubeObject {
  spec: VirtualMachineSpec;
  status?: VirtualMachineStatus;
}

/** printableStatus, `Unknown` when the controller has not reported one or reports a new value. */
export function vmPrintableStatus(vm: VirtualMachine): PrintableStatus {
  const s = vm.status?.printableStatus;
  return (PRINTABLE_STATUSES as readonly string[]).includes(s ?? '') ? (s as PrintableStatus) : 'Unknown';
}

/** Effective run strategy: `spec.runStrategy`, else the deprecated `running` flag (true ≡ Always). */
export function runStrategyOf(vm: { spec?: { runStrategy?: RunStrategy; running?: boolean } }): RunStrategy {
  if (vm.spec?.runStrategy) return vm.spec.runStrategy;
  return vm.spec?.running ? 'Always' : 'Halted';
}

/** Guest vCPUs = sockets × cores × threads (each defaults to 1); undefined when an instancetype decides. */
export function vmVcpus(vm: VirtualMachine): number | undefined {
  const cpu = vm.spec.template.spec.domain?.cpu;
  if (!cpu && vm.spec.instancetype) return undefined;
  return (cpu?.sockets ?? 1) * (cpu?.cores ?? 1) * (cpu?.threads ?? 1);
}

/** Guest memory text (`memory.guest`, else `resources.requests.memory`), or undefined. */
export function vmMemory(vm: VirtualMachine): string | undefined {
  const domain = vm.spec.template.spec.domain;
  const value = domain?.memory?.guest ?? domain?.resources?.requests?.memory;
  return value === undefined ? undefined : String(value);
}

/** Guest memory in bytes for sorting; undefined when unset or unparsable. */
export function vmMemoryBytes(vm: VirtualMachine): number | undefined {
  const text = vmMemory(vm);
  if (text === undefined) return undefined;
  try {
    return parseQuantity(text);
  } catch {
    // A malformed quantity is the cluster's data, not our failure: it sorts as "unknown".
    return undefined;
  }
}

