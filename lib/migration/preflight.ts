/**
 * Pre-flight of a live migration: the checks the cluster itself makes (LiveMigratable, shared
 * disks) and the ones it makes later (the Multus networks and a free SR-IOV function on a target,
 * the CPU model and dedicated CPUs, a node to go to), each as a line that passes or fails with
 * its reason, so Start stays off while one fails.
 */
import { parseQuantity } from '../k8s/quantity';
import { nodeIsSchedulable, type KubeNode } from '../k8s/resources/node';
import type { PersistentVolumeClaim } from '../k8s/resources/persistent-volume-claim';
import type { VirtualMachineInstance } from '../k8s/resources/virtual-machine-instance';
import { findCondition } from '../k8s/types';
import type { NetworkAttachmentDefinition } from '../k8s/resources/network-attachment-definition';
import type { KubePod } from '../k8s/resources/pod';
import { freeFunctions, nadResourceName } from '../network/sriov';
import { cpuVerdict, missingNads, nodeTakesCpu } from './target-needs';

export type PreflightKey = 'migratable' | 'disks' | 'networks' | 'cpu' | 'target';

/** The site's NADs (every namespace the VM may name) and pods (for free SR-IOV functions). */
export interface PreflightNetwork {
  nads: readonly NetworkAttachmentDefinition[];
  pods: readonly KubePod[];
}

/** `reason` is a catalog key under `preflight.`, `values` its interpolations. */
export interface PreflightLine {
  key: PreflightKey;
  ok: boolean;
  reason: string;
  /** Passes, but says something the user should know (e.g. SR-IOV's link loss). */
  warn?: boolean;
  values?: Record<string, string>;
}

function migratableLine(vmi: VirtualMachineInstance, inFlight: string | undefined): PreflightLine {
  if (inFlight) return { key: 'migratable', ok: false, reason: 'inFlight', values: { name: inFlight } };
  const c = findCondition(vmi.status?.conditions, 'LiveMigratable');
  if (!c) return { key: 'migratable', ok: false, reason: 'migratableUnknown' };
  if (c.status === 'True') return { key: 'migratable', ok: true, reason: 'migratableTrue' };
  return {
    key: 'migratable',
    ok: false,
    reason: 'migratableFalse',
    values: { reason: c.reason ?? '', message: c.message ?? '' },
  };
}

function claimNames(vmi: VirtualMachineInstance): string[] {
  return (vmi.spec.volumes ?? []).flatMap((v) => {
    const name = v.persistentVolumeClaim?.claimName ?? v.dataVolume?.name;
    return name ? [name] : [];
  });
}

function disksLine(
  vmi: VirtualMachineInstance,
  pvcs: ReadonlyMap<string, PersistentVolumeClaim>,
): PreflightLine {
  const claims = claimNames(vmi);
  if (claims.length === 0) return { key: 'disks', ok: true, reason: 'disksNone' };
  const ns = vmi.metadata.namespace ?? '';
  const missing = claims.filter((c) => !pvcs.has(`${ns}/${c}`));
  if (missing.length)
    return { key: 'disks', ok: false, reason: 'disksMissing', values: { names: missing.join(', ') } };
  const notShared = claims.filter((c) => {
    const pvc = pvcs.get(`${ns}/${c}`);
    return !(pvc?.status?.accessModes ?? pvc?.spec.accessModes ?? []).includes('ReadWriteMany');
  });
  if (notShared.length)
    return { key: 'disks', ok: false, reason: 'disksNotShared', values: { names: notShared.join(', ') } };
  return { key: 'disks', ok: true, reason: 'disksShared', values: { names: claims.join(', ') } };
}

function request(vmi: VirtualMachineInstance, resource: 'memory' | 'cpu'): number {
  const req = vmi.spec.domain.resources?.requests?.[resource];
  if (req !== undefined) return parseQuantity(req);
  if (resource === 'memory' && vmi.spec.domain.memory?.guest)
    return parseQuantity(vmi.spec.domain.memory.guest);
  return 0;
}

function fits(node: KubeNode, memory: number, cpu: number): boolean {
  const a = node.status?.allocatable ?? node.status?.capacity ?? {};
  return (
    (a.memory === undefined || parseQuantity(a.memory) >= memory) &&
    (a.cpu === undefined || parseQuantity(a.cpu) >= cpu)
  );
}

/** The schedulable nodes other than the one the VMI runs on. */
function candidates(vmi: VirtualMachineInstance, nodes: readonly KubeNode[]): KubeNode[] {
  const source = vmi.status?.nodeName;
  return nodes.filter((n) => n.metadata.name !== source && nodeIsSchedulable(n));
}

function networksLine(vmi: VirtualMachineInstance, nodes: readonly KubeNode[], net: PreflightNetwork): PreflightLine {
  const ns = vmi.metadata.namespace ?? 'default';
  const missing = missingNads(vmi.spec.networks, ns, net.nads);
  if (missing.length)
    return { key: 'networks', ok: false, reason: 'networksMissing', values: { names: missing.join(', ') } };
  const sriov = (vmi.spec.domain.devices.interfaces ?? []).filter((i) => i.sriov !== undefined);
  if (sriov.length === 0) return { key: 'networks', ok: true, reason: 'networksOk' };
  const others = candidates(vmi, nodes);
  for (const iface of sriov) {
    const ref = vmi.spec.networks?.find((n) => n.name === iface.name)?.multus?.networkName ?? '';
    const full = ref.includes('/') ? ref : `${ns}/${ref}`;
    const nad = net.nads.find((d) => `${d.metadata.namespace}/${d.metadata.name}` === full);
    const resource = nadResourceName(nad);
    if (!resource) continue;
    const free = freeFunctions(resource, others, [...net.pods]).filter((f) => f.free > 0);
    if (free.length === 0)
      return { key: 'networks', ok: false, reason: 'networksNoVf', values: { resource, name: iface.name } };
  }
  return { key: 'networks', ok: true, warn: true, reason: 'networksSriov' };
}

function cpuLine(vmi: VirtualMachineInstance, nodes: readonly KubeNode[]): PreflightLine {
  return { key: 'cpu', ...cpuVerdict(vmi.spec.domain, candidates(vmi, nodes)) };
}

function targetLine(vmi: VirtualMachineInstance, nodes: readonly KubeNode[]): PreflightLine {
  const others = candidates(vmi, nodes);
  if (others.length === 0) return { key: 'target', ok: false, reason: 'targetNoNode' };
  const selector = vmi.spec.nodeSelector ?? {};
  const matching = others.filter((n) =>
    Object.entries(selector).every(([k, v]) => n.metadata.labels?.[k] === v),
  );
  if (matching.length === 0) {
    const text = Object.entries(selector)
      .map(([k, v]) => `${k}=${v}`)
      .join(', ');
    return { key: 'target', ok: false, reason: 'targetNoSelector', values: { selector: text } };
  }
  const usable = matching.filter((n) => nodeTakesCpu(n, vmi.spec.domain));
  if (usable.length === 0) return { key: 'target', ok: false, reason: 'targetNoCpu' };
  const memory = request(vmi, 'memory');
  const cpu = request(vmi, 'cpu');
  const roomy = usable.filter((n) => fits(n, memory, cpu));
  if (roomy.length === 0)
    return {
      key: 'target',
      ok: false,
      reason: 'targetNoRoom',
      values: { nodes: usable.map((n) => n.metadata.name).join(', ') },
    };
  return {
    key: 'target',
    ok: true,
    reason: 'targetOk',
    values: { nodes: roomy.map((n) => n.metadata.name).join(', ') },
  };
}

/**
 * All lines, in the order they are shown. PVCs are keyed `namespace/name` (the watch's keys);
 * `inFlight` names an unfinished VMIM of this VMI, which the admission webhook would refuse.
 */
export function preflight(
  vmi: VirtualMachineInstance,
  pvcs: ReadonlyMap<string, PersistentVolumeClaim>,
  nodes: readonly KubeNode[],
  inFlight?: string,
  network: PreflightNetwork = { nads: [], pods: [] },
): PreflightLine[] {
  return [
    migratableLine(vmi, inFlight),
    disksLine(vmi, pvcs),
    networksLine(vmi, nodes, network),
    cpuLine(vmi, nodes),
    targetLine(vmi, nodes),
  ];
}
