/**
 * What draining a node will do to each VM on it, computed before anything is done, by the
 * rules `kubectl drain` meets: the eviction of a virt-launcher pod is refused (429) when the
 * VMI should migrate (LiveMigrate, LiveMigrateIfPossible when migratable, External) and
 * KubeVirt migrates it instead; a LiveMigrate VMI that is not live-migratable keeps being
 * refused, which blocks the drain; otherwise the pod is evicted if its PodDisruptionBudget
 * allows it and the VM stops, to restart elsewhere only with runStrategy Always.
 */
import { effectiveEvictionStrategy, type EvictionStrategy, type KubeVirtCr } from '../k8s/resources/kubevirt-cr';
import { nodeIsSchedulable, type KubeNode } from '../k8s/resources/node';
import { budgetsForPod, type PodDisruptionBudget } from '../k8s/resources/pod-disruption-budget';
import { launcherVmiName, type KubePod } from '../k8s/resources/pod';
import type { VirtualMachineInstance } from '../k8s/resources/virtual-machine-instance';
import { runStrategyOf, type RunStrategy, type VirtualMachine } from '../k8s/resources/virtual-machine';
import { findCondition } from '../k8s/types';
import { allocatable, requestedOn, vmiGuestMemory, vmiOccupiesNode, vmiRequests, type Resources } from './capacity';

export type VmFate =
  | { kind: 'migrates'; target: string }
  | { kind: 'restarts'; target: string }
  | { kind: 'stops'; cause: 'evictionNone' | 'notMigratable' | 'noRoom' | 'noOtherNode' }
  | { kind: 'blocks'; cause: 'notLiveMigratable'; reason: string; message: string }
  | { kind: 'blocks'; cause: 'budget'; budget: string; desired: number; healthy: number }
  | { kind: 'blocks'; cause: 'noRoomToMigrate' | 'noOtherNode' | 'external' };

export interface DrainRow {
  namespace: string;
  /** VMI name (= VM name when a VM owns it). */
  name: string;
  strategy: EvictionStrategy;
  runStrategy?: RunStrategy;
  memory: number;
  fate: VmFate;
}

export interface DrainPreview {
  node: string;
  /** The site has no other node at all. */
  singleNode: boolean;
  rows: DrainRow[];
  migrating: number;
  stopping: number;
  blocking: number;
  /** Guest memory of the VMs that migrate: the least a drain copies over the network. */
  bytesToMove: number;
}

export interface DrainInputs {
  node: string;
  nodes: readonly KubeNode[];
  vmis: readonly VirtualMachineInstance[];
  vms: readonly VirtualMachine[];
  pdbs: readonly PodDisruptionBudget[];
  /** The node's virt-launcher pods, when known (their labels decide which budget applies). */
  pods?: readonly KubePod[];
  kubevirt?: KubeVirtCr;
}

const BLOCKING_EFFECTS = ['NoSchedule', 'NoExecute'];

/** Nodes a VMI could move to, with the room each has left. */
function targets(inp: DrainInputs): Map<string, Resources & { node: KubeNode }> {
  const out = new Map<string, Resources & { node: KubeNode }>();
  for (const n of inp.nodes) {
    const name = n.metadata.name ?? '';
    if (name === inp.node || !nodeIsSchedulable(n) || n.metadata.labels?.['kubevirt.io/schedulable'] === 'false') continue;
    if ((n.spec?.taints ?? []).some((t) => BLOCKING_EFFECTS.includes(t.effect))) continue;
    const a = allocatable(n);
    const used = requestedOn(name, inp.vmis);
    out.set(name, { cpu: a.cpu - used.cpu, memory: a.memory - used.memory, node: n });
  }
  return out;
}

/** The fitting node with the most free memory; its room is taken. */
function place(vmi: VirtualMachineInstance, room: Map<string, Resources & { node: KubeNode }>): string | undefined {
  const need = vmiRequests(vmi);
  const selector = vmi.spec?.nodeSelector ?? {};
  let best: string | undefined;
  for (const [name, r] of room) {
    if (r.cpu < need.cpu || r.memory < need.memory) continue;
    if (Object.entries(selector).some(([k, v]) => r.node.metadata.labels?.[k] !== v)) continue;
    if (best === undefined || r.memory > (room.get(best)?.memory ?? 0)) best = name;
  }
  const chosen = best === undefined ? undefined : room.get(best);
  if (chosen) {
    chosen.cpu -= need.cpu;
    chosen.memory -= need.memory;
  }
  return best;
}

function podLabels(vmi: VirtualMachineInstance, pods: readonly KubePod[] | undefined): Record<string, string> {
  const name = vmi.metadata.name ?? '';
  const pod = pods?.find((p) => p.metadata.namespace === vmi.metadata.namespace && launcherVmiName(p) === name);
  return pod?.metadata.labels ?? { ...(vmi.metadata.labels ?? {}), 'kubevirt.io': 'virt-launcher', 'vm.kubevirt.io/name': name };
}

/** The fate of a VM whose launcher pod the eviction API will take, budget permitting. */
function evictedFate(vmi: VirtualMachineInstance, inp: DrainInputs, ctx: Ctx, cause: 'evictionNone' | 'notMigratable', runStrategy: RunStrategy | undefined): VmFate {
  const budget = budgetsForPod(inp.pdbs, vmi.metadata.namespace ?? '', podLabels(vmi, inp.pods))[0];
  if (budget) {
    const key = `${budget.metadata.namespace}/${budget.metadata.name}`;
    const left = ctx.budgetLeft.get(key) ?? budget.status?.disruptionsAllowed ?? 0;
    if (left <= 0) return { kind: 'blocks', cause: 'budget', budget: budget.metadata.name ?? '', desired: budget.status?.desiredHealthy ?? 0, healthy: budget.status?.currentHealthy ?? 0 };
    ctx.budgetLeft.set(key, left - 1);
  }
  if (runStrategy !== 'Always') return { kind: 'stops', cause };
  if (ctx.singleNode) return { kind: 'stops', cause: 'noOtherNode' };
  const target = place(vmi, ctx.room);
  return target ? { kind: 'restarts', target } : { kind: 'stops', cause: 'noRoom' };
}

interface Ctx {
  singleNode: boolean;
  room: ReturnType<typeof targets>;
  budgetLeft: Map<string, number>;
}

function fateOf(vmi: VirtualMachineInstance, strategy: EvictionStrategy, runStrategy: RunStrategy | undefined, inp: DrainInputs, ctx: Ctx): VmFate {
  const migratable = findCondition(vmi.status?.conditions, 'LiveMigratable');
  const canMigrate = migratable?.status === 'True';
  if (strategy === 'External') return { kind: 'blocks', cause: 'external' };
  if (strategy === 'LiveMigrate' && !canMigrate) {
    return { kind: 'blocks', cause: 'notLiveMigratable', reason: migratable?.reason ?? '', message: migratable?.message ?? '' };
  }
  if (strategy === 'LiveMigrate' || (strategy === 'LiveMigrateIfPossible' && canMigrate)) {
    if (ctx.singleNode) return { kind: 'blocks', cause: 'noOtherNode' };
    const target = place(vmi, ctx.room);
    return target ? { kind: 'migrates', target } : { kind: 'blocks', cause: 'noRoomToMigrate' };
  }
  return evictedFate(vmi, inp, ctx, strategy === 'None' ? 'evictionNone' : 'notMigratable', runStrategy);
}

/** The preview of draining `inp.node`: one row per VMI on it, in namespace/name order. */
export function drainPreview(inp: DrainInputs): DrainPreview {
  const ctx: Ctx = { singleNode: inp.nodes.filter((n) => n.metadata.name !== inp.node).length === 0, room: targets(inp), budgetLeft: new Map() };
  const onNode = inp.vmis
    .filter((v) => vmiOccupiesNode(v, inp.node))
    .sort((a, b) => `${a.metadata.namespace}/${a.metadata.name}`.localeCompare(`${b.metadata.namespace}/${b.metadata.name}`));
  const rows = onNode.map((vmi): DrainRow => {
    const strategy = effectiveEvictionStrategy(vmi.spec?.evictionStrategy, inp.kubevirt);
    const vm = inp.vms.find((m) => m.metadata.namespace === vmi.metadata.namespace && m.metadata.name === vmi.metadata.name);
    const runStrategy = vm ? runStrategyOf(vm) : undefined;
    return { namespace: vmi.metadata.namespace ?? '', name: vmi.metadata.name ?? '', strategy, runStrategy, memory: vmiGuestMemory(vmi), fate: fateOf(vmi, strategy, runStrategy, inp, ctx) };
  });
  const count = (k: VmFate['kind'][]) => rows.filter((r) => k.includes(r.fate.kind)).length;
  return {
    node: inp.node,
    singleNode: ctx.singleNode,
    rows,
    migrating: count(['migrates']),
    stopping: count(['stops', 'restarts']),
    blocking: count(['blocks']),
    bytesToMove: rows.filter((r) => r.fate.kind === 'migrates').reduce((n, r) => n + r.memory, 0),
  };
}
