/**
 * What a migration target must offer the VM, for both pre-flights (within a site and to
 * another site): the CPU model (KubeVirt labels each node `cpu-model.node.kubevirt.io/<model>`
 * with the models it can run), dedicated CPUs (virt-handler labels nodes whose kubelet runs the
 * static CPU manager `cpumanager=true`; without one the target pod cannot be placed) and the
 * Multus networks (a NAD of that name in the namespace the VM runs in).
 */
import type { NetworkAttachmentDefinition } from '../k8s/resources/network-attachment-definition';
import { nadNetworkName } from '../k8s/resources/network-attachment-definition';
import type { KubeNode } from '../k8s/resources/node';
import type { DomainSpec, Network } from '../k8s/resources/virtual-machine-instance';

export const CPU_MODEL_LABEL = 'cpu-model.node.kubevirt.io/';
export const CPU_MANAGER_LABEL = 'cpumanager';

/** A verdict on the CPU: `reason` is a catalog key shared by both pre-flights. */
export interface CpuVerdict {
  ok: boolean;
  warn?: boolean;
  reason: 'cpuHostModel' | 'cpuPassthrough' | 'cpuFound' | 'cpuMissing' | 'cpuNoManager';
  values?: Record<string, string>;
}

type Cpu = NonNullable<DomainSpec['cpu']> & { dedicatedCpuPlacement?: boolean };

/** Whether one node can take the VM's CPU (model and dedicated placement). */
export function nodeTakesCpu(node: KubeNode, domain: DomainSpec | undefined): boolean {
  const cpu = domain?.cpu as Cpu | undefined;
  const labels = node.metadata.labels ?? {};
  const model = cpu?.model;
  if (model && model !== 'host-model' && model !== 'host-passthrough' && labels[`${CPU_MODEL_LABEL}${model}`] !== 'true')
    return false;
  return !cpu?.dedicatedCpuPlacement || labels[CPU_MANAGER_LABEL] === 'true';
}

/** The CPU verdict over the candidate target nodes. */
export function cpuVerdict(domain: DomainSpec | undefined, nodes: readonly KubeNode[]): CpuVerdict {
  const cpu = domain?.cpu as Cpu | undefined;
  const model = cpu?.model;
  if (cpu?.dedicatedCpuPlacement && !nodes.some((n) => n.metadata.labels?.[CPU_MANAGER_LABEL] === 'true'))
    return { ok: false, reason: 'cpuNoManager' };
  if (!model || model === 'host-model' || model === 'host-passthrough')
    return model === 'host-passthrough'
      ? { ok: true, warn: true, reason: 'cpuPassthrough' }
      : { ok: true, reason: 'cpuHostModel' };
  return nodes.some((n) => nodeTakesCpu(n, domain))
    ? { ok: true, reason: 'cpuFound', values: { model } }
    : { ok: false, reason: 'cpuMissing', values: { model } };
}

/** `namespace/name` of the Multus networks that no NAD in `nads` provides. */
export function missingNads(
  networks: readonly Network[] | undefined,
  namespace: string,
  nads: readonly NetworkAttachmentDefinition[],
): string[] {
  const have = new Set(nads.map(nadNetworkName));
  return (networks ?? [])
    .map((n) => n.multus?.networkName)
    .filter((n): n is string => Boolean(n))
    .map((n) => (n.includes('/') ? n : `${namespace}/${n}`))
    .filter((n) => !have.has(n));
}
