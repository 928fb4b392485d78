/**
 * kubevirt.io/v1 VirtualMachineInstance: type (after `v1.VirtualMachineInstance`), GVR,
 * selectors, query keys. A VM's VMI has the VM's name.
 */
import { apiPath, queryString, type GroupVersionResource } from '../api-path';
import type { KubeCondition, KubeObject, ObjectMeta } from '../types';

export const VMI_GVR: GroupVersionResource = { group: 'kubevirt.io', version: 'v1', resource: 'virtualmachineinstances' };
export const VMI_SUBRESOURCE_GVR: GroupVersionResource = {
  group: 'subresources.kubevirt.io',
  version: 'v1',
  resource: 'virtualmachineinstances',
};

/** KubeVirt's two console subresources of a VMI (the serial console is `console`). */
export type VmiConsoleSubresource = 'vnc' | 'console';

/**
 * Kubernetes path of a VMI's console websocket (virt-api): `console` (serial) or `vnc`, where
 * `preserveSession: true` makes the cluster refuse (503) instead of kicking another viewer.
 */
export function vmiConsolePath(namespace: string, name: string, kind: VmiConsoleSubresource, preserveSession?: boolean): string {
  return apiPath(VMI_SUBRESOURCE_GVR, { namespace, name, subresource: kind }) + queryString({ preserveSession: kind === 'vnc' ? preserveSession : undefined });
}

export type VmiPhase = '' | 'Pending' | 'Scheduling' | 'Scheduled' | 'Running' | 'Succeeded' | 'Failed' | 'WaitingForSync' | 'Unknown';

export interface Disk {
  name: string;
  disk?: { bus?: string };
  cdrom?: { bus?: string; readonly?: boolean };
  lun?: { bus?: string };
  bootOrder?: number;
  serial?: string;
}

export interface Interface {
  name: string;
  model?: string;
  macAddress?: string;
  masquerade?: Record<string, never>;
  bridge?: Record<string, never>;
  sriov?: Record<string, never>;
  passtBinding?: Record<string, never>;
  binding?: { name: string };
  ports?: { name?: string; protocol?: 'TCP' | 'UDP'; port: number }[];
}

export interface Network {
  name: string;
  pod?: { vmNetworkCIDR?: string; vmIPv6NetworkCIDR?: string };
  multus?: { networkName: string; default?: boolean };
}

export interface Volume {
  name: string;
  containerDisk?: { image: string; imagePullPolicy?: string };
  persistentVolumeClaim?: { claimName: string; readOnly?: boolean; hotpluggable?: boolean };
  dataVolume?: { name: string; hotpluggable?: boolean };
  cloudInitNoCloud?: { userData?: string; userDataBase64?: string; networkData?: string; secretRef?: { name: string } };
  cloudInitConfigDrive?: { userData?: string; secretRef?: { name: string } };
  emptyDisk?: { capacity: string };
  [source: string]: unknown;
}

export interface DomainSpec {
  cpu?: { cores?: number; sockets?: number; threads?: number; model?: string; maxSockets?: number };
  memory?: { guest?: string; maxGuest?: string };
  resources?: { requests?: Record<string, string | number>; limits?: Record<string, string | number> };
  devices: {
    disks?: Disk[];
    interfaces?: Interface[];
    autoattachGraphicsDevice?: boolean;
    autoattachSerialConsole?: boolean;
    autoattachPodInterface?: boolean;
    [device: string]: unknown;
  };
  firmware?: Record<string, unknown>;
  machine?: { type?: string };
  [field: string]: unknown;
}

export interface VirtualMachineInstanceSpec {
  domain: DomainSpec;
  networks?: Network[];
  volumes?: Volume[];
  nodeSelector?: Record<string, string>;
  affinity?: unknown;
  tolerations?: unknown[];
  evictionStrategy?: string;
  terminationGracePeriodSeconds?: number;
  hostname?: string;
  subdomain?: string;
  [field: string]: unknown;
}

export interface VmiInterfaceStatus {
  name?: string;
  mac?: string;
  ipAddress?: string;
  ipAddresses?: string[];
  interfaceName?: string;
  infoSource?: string;
  linkState?: string;
  podInterfaceName?: string;
  queueCount?: number;
}

export interface VirtualMachineInstanceStatus {
  phase?: VmiPhase;
  reason?: string;
  nodeName?: string;
  conditions?: KubeCondition[];
  interfaces?: VmiInterfaceStatus[];
  guestOSInfo?: { id?: string; name?: string; prettyName?: string; version?: string; kernelRelease?: string };
  migrationState?: Record<string, unknown> & { sourceNode?: string; targetNode?: string; completed?: boolean; failed?: boolean };
  migrationMethod?: string;
  launcherContainerImageVersion?: string;
  phaseTransitionTimestamps?: { phase: string; phaseTransitionTimestamp: string }[];
  volumeStatus?: { name: string; target?: string; phase?: string; reason?: string; persistentVolumeClaimInfo?: unknown }[];
}

export interface VirtualMachineInstance extends KubeObject {
  metadata: ObjectMeta;
  spec: VirtualMachineInstanceSpec;
  status?: VirtualMachineInstanceStatus;
}

/** Path of a VMI subresource (pause, unpause, vnc, console, guestosinfo …). */
export function vmiSubresourcePath(namespace: string, name: string, subresource: string): string {
  return apiPath(VMI_SUBRESOURCE_GVR, { namespace, name, subresource });
}

/** Node the VMI runs on, if scheduled. */
export function vmiNode(vmi: VirtualMachineInstance | undefined): string | undefined {
  return vmi?.status?.nodeName || undefined;
}

/** Every IP the guest reports, first interface first, de-duplicated. */
export function vmiIps(vmi: VirtualMachineInstance | undefined): string[] {
  const ips: string[] = [];
  for (const iface of vmi?.status?.interfaces ?? []) {
    for (const ip of [iface.ipAddress, ...(iface.ipAddresses ?? [])]) if (ip && !ips.includes(ip)) ips.push(ip);
  }
  return ips;
}

