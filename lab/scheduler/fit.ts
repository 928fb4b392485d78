import type { KubeObject } from '../store/types';
import { quantityOr } from '../controllers/quantity';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;

/** What a pod asks of a node. */
export interface PodDemand {
  cpu: number;
  memory: number;
  kvm: number;
  /** Extended device resources (e.g. SR-IOV functions) by name. */
  devices?: Record<string, number>;
  nodeSelector?: Record<string, string>;
  tolerations?: Any[];
  affinity?: Any;
  /** Nodes allowed by bound local volumes (PV nodeAffinity); undefined = any. */
  allowedNodes?: string[];
  /** Nodes to avoid (a migration's source). */
  excludeNodes?: string[];
}

export type ScheduleResult = { node: string } | { node?: undefined; message: string };

type Usage = { cpu: number; memory: number; kvm: number; pods: number; devices: Record<string, number> };
const CORE_RESOURCES = new Set(['cpu', 'memory', 'ephemeral-storage', 'devices.kubevirt.io/kvm']);

function requests(pod: KubeObject): { cpu: number; memory: number; kvm: number; devices: Record<string, number> } {
  let cpu = 0;
  let memory = 0;
  let kvm = 0;
  const devices: Record<string, number> = {};
  for (const c of (pod.spec?.containers ?? []) as Any[]) {
    const r = c.resources?.requests ?? {};
    cpu += quantityOr(r.cpu, 0);
    memory += quantityOr(r.memory, 0);
    kvm += quantityOr(c.resources?.limits?.['devices.kubevirt.io/kvm'], 0);
    for (const [k, v] of Object.entries(r)) if (!CORE_RESOURCES.has(k)) devices[k] = (devices[k] ?? 0) + quantityOr(v as string, 0);
  }
  return { cpu, memory, kvm, devices };
}

/** Sum of the requests of the live pods bound to each node. */
export function nodeUsage(pods: readonly KubeObject[]): Map<string, Usage> {
  const out = new Map<string, Usage>();
  for (const p of pods) {
    const n = p.spec?.nodeName as string | undefined;
    if (!n || p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed') continue;
    const u = out.get(n) ?? { cpu: 0, memory: 0, kvm: 0, pods: 0, devices: {} };
    const r = requests(p);
    u.cpu += r.cpu;
    u.memory += r.memory;
    u.kvm += r.kvm;
    for (const [k, v] of Object.entries(r.devices)) u.devices[k] = (u.devices[k] ?? 0) + v;
    u.pods += 1;
    out.set(n, u);
  }
  return out;
}

function matchExpr(labels: Record<string, string>, e: Any): boolean {
  const v = labels[e.key];
  switch (e.operator) {
    case 'In': return v !== undefined && (e.values ?? []).includes(v);
    case 'NotIn': return v === undefined || !(e.values ?? []).includes(v);
    case 'Exists': return v !== undefined;
    case 'DoesNotExist': return v === undefined;
    case 'Gt': return v !== undefined && Number(v) > Number(e.values?.[0]);
    case 'Lt': return v !== undefined && Number(v) < Number(e.values?.[0]);
    default: return false;
  }
}

function affinityOk(labels: Record<string, string>, affinity: Any): boolean {
  const terms = affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms as Any[] | undefined;
  if (!terms?.length) return true;
  return terms.some((t) => (t.matchExpressions ?? []).every((e: Any) => matchExpr(labels, e)));
}

function untolerated(node: KubeObject, tolerations: Any[]): Any | undefined {
  return ((node.spec?.taints ?? []) as Any[]).find(
    (t) =>
      (t.effect === 'NoSchedule' || t.effect === 'NoExecute') &&
      !tolerations.some((tol) => (tol.key === undefined || tol.key === t.key) && (tol.operator === 'Exists' || tol.value === t.value) && (!tol.effect || tol.effect === t.effect)),
  );
}

function ready(node: KubeObject): boolean {
  return ((node.status?.conditions ?? []) as Any[]).some((c) => c.type === 'Ready' && c.status === 'True');
}

/** Why `node` cannot take `d`, in kube-scheduler's words, or undefined when it fits. */
export function unfitReason(node: KubeObject, d: PodDemand, used: Usage | undefined): string | undefined {
  const name = node.metadata.name ?? '';
  const labels = node.metadata.labels ?? {};
  if (d.excludeNodes?.includes(name)) return "node(s) didn't match Pod's node affinity/selector";
  if (!ready(node)) return "node(s) had untolerated taint {node.kubernetes.io/not-ready: }";
  if (node.spec?.unschedulable) return 'node(s) were unschedulable';
  const taint = untolerated(node, d.tolerations ?? []);
  if (taint) return `node(s) had untolerated taint {${taint.key}: ${taint.value ?? ''}}`;
  for (const [k, v] of Object.entries(d.nodeSelector ?? {})) if (labels[k] !== v) return "node(s) didn't match Pod's node affinity/selector";
  if (!affinityOk(labels, d.affinity)) return "node(s) didn't match Pod's node affinity/selector";
  if (d.allowedNodes && !d.allowedNodes.includes(name)) return "node(s) had volume node affinity conflict";
  const alloc = node.status?.allocatable ?? {};
  const u = used ?? { cpu: 0, memory: 0, kvm: 0, pods: 0, devices: {} };
  if (u.pods + 1 > quantityOr(alloc.pods, 110)) return 'Too many pods';
  if (u.cpu + d.cpu > quantityOr(alloc.cpu, 0)) return 'Insufficient cpu';
  if (u.memory + d.memory > quantityOr(alloc.memory, 0)) return 'Insufficient memory';
  if (u.kvm + d.kvm > quantityOr(alloc['devices.kubevirt.io/kvm'], 0)) return 'Insufficient devices.kubevirt.io/kvm';
  for (const [k, n] of Object.entries(d.devices ?? {})) if ((u.devices[k] ?? 0) + n > quantityOr(alloc[k], 0)) return `Insufficient ${k}`;
  return undefined;
}

/**
 * Picks the fitting node with the most free memory (a LeastAllocated score), or explains why
 * none fits with kube-scheduler's FailedScheduling message.
 */
export function schedule(d: PodDemand, nodes: readonly KubeObject[], pods: readonly KubeObject[]): ScheduleResult {
  const usage = nodeUsage(pods);
  const reasons = new Map<string, number>();
  let best: { name: string; free: number } | undefined;
  for (const n of nodes) {
    const name = n.metadata.name ?? '';
    const why = unfitReason(n, d, usage.get(name));
    if (why) {
      reasons.set(why, (reasons.get(why) ?? 0) + 1);
      continue;
    }
    const free = quantityOr(n.status?.allocatable?.memory, 0) - (usage.get(name)?.memory ?? 0);
    if (!best || free > best.free) best = { name, free };
  }
  if (best) return { node: best.name };
  const parts = [...reasons.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([r, c]) => `${c} ${r}`);
  const total = nodes.length;
  return {
    message: `0/${total} nodes are available: ${parts.join(', ')}. preemption: 0/${total} nodes are available: ${total} No preemption victims found for incoming pod.`,
  };
}
