/**
 * Which MigrationPolicy applies to a VMI, by virt-controller's rules (KubeVirt
 * `pkg/virt-controller/watch/migration` matchPolicy): a policy without `selectors` matches
 * nothing; otherwise every label of both selectors must be on the VMI (resp. its namespace),
 * and an empty selector matches every VMI. The policy with the most matching labels wins; equal
 * totals prefer more VMI labels; a full tie goes to the lexicographically first name. As
 * upstream, the selectors are only looked at when the VMI has a label map at all.
 */
import type { MigrationPolicySpec } from '../k8s/resources/migration-policy';

type Labels = Readonly<Record<string, string>>;

interface PolicyLike {
  metadata: { name?: string };
  spec?: Pick<MigrationPolicySpec, 'selectors'> | Record<string, unknown>;
}

/** Labels matched by the VMI and by its namespace, or undefined when the policy does not match. */
export interface MatchScore {
  vmi: number;
  namespace: number;
}

function countAll(selector: Labels | undefined, labels: Labels): number | undefined {
  let n = 0;
  for (const [k, v] of Object.entries(selector ?? {})) {
    if (labels[k] !== v) return undefined;
    n++;
  }
  return n;
}

export function policyScore(
  policy: PolicyLike,
  vmiLabels: Labels | undefined,
  namespaceLabels: Labels | undefined,
): MatchScore | undefined {
  const selectors = (policy.spec as MigrationPolicySpec | undefined)?.selectors;
  if (!selectors) return undefined;
  if (!vmiLabels) return { vmi: 0, namespace: 0 };
  const vmi = countAll(selectors.virtualMachineInstanceSelector, vmiLabels);
  if (vmi === undefined) return undefined;
  const namespace = countAll(selectors.namespaceSelector, namespaceLabels ?? {});
  if (namespace === undefined) return undefined;
  return { vmi, namespace };
}

function better(a: MatchScore, b: MatchScore): number {
  const total = a.vmi + a.namespace - (b.vmi + b.namespace);
  return total !== 0 ? total : a.vmi - b.vmi;
}

/** The policy in effect for a VMI with these labels in a namespace with these labels. */
export function matchMigrationPolicy<P extends PolicyLike>(
  policies: Iterable<P>,
  vmiLabels: Labels | undefined,
  namespaceLabels: Labels | undefined,
): P | undefined {
  let best: { p: P; score: MatchScore } | undefined;
  for (const p of policies) {
    const score = policyScore(p, vmiLabels, namespaceLabels);
    if (!score) continue;
    const cmp = best ? better(score, best.score) : 1;
    if (cmp > 0 || (cmp === 0 && best && (p.metadata.name ?? '') < (best.p.metadata.name ?? '')))
      best = { p, score };
  }
  return best?.p;
}
