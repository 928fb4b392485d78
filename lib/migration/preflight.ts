/**
 * Pre-flight of a live migration: the checks the cluster itself makes (LiveMigratable, shared
 * disks) and the one it makes later (a node to go to), each as a line that passes or fails with
 * its reason, so Start stays off while one fails.
 */
import { parseQuantity } from '../k8s/quantity';
import { nodeIsSchedulable, type KubeNode } from '../k8s/resources/node';
import type { PersistentVolumeClaim } from '../k8s/resources/persistent-volume-claim';
import type { VirtualMachineInstance } from '../k8s/resources/virtual-machine-instance';
import { findCondition } from '../k8s/types';

export type PreflightKey = 'migratable' | 'disks' | 'target';

/** `reason` is a catalog key under `preflight.`, `values` its interpolations. */
export interface PreflightLine {
  key: PreflightKey;
  ok: boolean;
  reason: string;
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

function targetLine(vmi: VirtualMachineInstance, nodes: readonly KubeNode[]): PreflightLine {
  const source = vmi.status?.nodeName;
  const others = nodes.filter((n) => n.metadata.name !== source && nodeIsSchedulable(n));
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
  const memory = request(vmi, 'memory');
  const cpu = request(vmi, 'cpu');
  const roomy = matching.filter((n) => fits(n, memory, cpu));
  if (roomy.length === 0)
    return {
      key: 'target',
      ok: false,
      reason: 'targetNoRoom',
      values: { nodes: matching.map((n) => n.metadata.name).join(', ') },
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
): PreflightLine[] {
  return [migratableLine(vmi, inFlight), disksLine(vmi, pvcs), targetLine(vmi, nodes)];
}
