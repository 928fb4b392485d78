/** CPU and memory a node offers and what its VMs ask for, in cores and bytes. */
import type { KubeNode } from '../k8s/resources/node';
import type { VirtualMachineInstance } from '../k8s/resources/virtual-machine-instance';
import { parseQuantity } from '../k8s/quantity';

export interface Resources {
  cpu: number;
  memory: number;
}

function quantity(v: string | number | undefined, fallback: number): number {
  if (v === undefined) return fallback;
  try {
    return parseQuantity(v);
  } catch {
    return fallback;
  }
}

/** What a VMI's virt-launcher asks the scheduler for: its requests, else guest memory and 100m per vCPU. */
export function vmiRequests(vmi: VirtualMachineInstance): Resources {
  const d = vmi.spec?.domain;
  const c = d?.cpu ?? {};
  const vcpus = (c.sockets ?? 1) * (c.cores ?? 1) * (c.threads ?? 1);
  return {
    cpu: quantity(d?.resources?.requests?.cpu, 0.1 * vcpus),
    memory: quantity(d?.resources?.requests?.memory ?? d?.memory?.guest, 0),
  };
}

/** Guest memory in bytes: what a live migration copies at least once. */
export function vmiGuestMemory(vmi: VirtualMachineInstance): number {
  const d = vmi.spec?.domain;
  return quantity(d?.memory?.guest ?? d?.resources?.requests?.memory, 0);
}

/** A VMI that holds resources on its node (scheduled and not finished). */
export function vmiOccupiesNode(vmi: VirtualMachineInstance, node: string): boolean {
  return vmi.status?.nodeName === node && vmi.status?.phase !== 'Succeeded' && vmi.status?.phase !== 'Failed';
}

/** Sum of the requests of the VMIs on a node. */
export function requestedOn(node: string, vmis: readonly VirtualMachineInstance[]): Resources {
  const sum = { cpu: 0, memory: 0 };
  for (const vmi of vmis) {
    if (!vmiOccupiesNode(vmi, node)) continue;
    const r = vmiRequests(vmi);
    sum.cpu += r.cpu;
    sum.memory += r.memory;
  }
  return sum;
}

/** The node's allocatable CPU and memory. */
export function allocatable(node: KubeNode): Resources {
  return { cpu: quantity(node.status?.allocatable?.cpu, 0), memory: quantity(node.status?.allocatable?.memory, 0) };
}
