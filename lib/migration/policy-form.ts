/**
 * The MigrationPolicy form: its values as typed (selectors as `key=value, key=value`), the
 * object they make (an edit keeps every other field and the resourceVersion, so a stale save is
 * a 409), and which VMs a site's policies apply to.
 */
import { parseQuantity } from '../k8s/quantity';
import { MIGRATION_POLICY_GVR, VMI_VM_LABEL, type MigrationPolicy } from '../k8s/resources/migration-policy';
import type { VirtualMachine } from '../k8s/resources/virtual-machine';
import type { VirtualMachineInstance } from '../k8s/resources/virtual-machine-instance';
import type { KubeObject } from '../k8s/types';
import { matchMigrationPolicy } from './policy-match';

export interface PolicyFormValues {
  name: string;
  /** Empty = not set (the KubeVirt CR's value applies). */
  bandwidthPerMigration: string;
  completionTimeoutPerGiB: string;
  allowAutoConverge: boolean;
  allowPostCopy: boolean;
  vmiSelector: string;
  namespaceSelector: string;
}

/** Form fields with an error, as catalog keys under `migrations:policies.error`. */
export type PolicyFormErrors = Partial<Record<keyof PolicyFormValues, string>>;

function labelsText(m: Record<string, string> | undefined): string {
  return Object.entries(m ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
}

export function policyFormValues(p?: MigrationPolicy): PolicyFormValues {
  const s = p?.spec ?? {};
  return {
    name: p?.metadata.name ?? '',
    bandwidthPerMigration: s.bandwidthPerMigration ?? '',
    completionTimeoutPerGiB: s.completionTimeoutPerGiB !== undefined ? String(s.completionTimeoutPerGiB) : '',
    allowAutoConverge: s.allowAutoConverge ?? false,
    allowPostCopy: s.allowPostCopy ?? false,
    vmiSelector: labelsText(s.selectors?.virtualMachineInstanceSelector),
    namespaceSelector: labelsText(s.selectors?.namespaceSelector),
  };
}

/** `a=b, c=d` as a label map; undefined when a pair has no `=` or no key. */
export function parseLabels(text: string): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  for (const part of text
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean)) {
    const eq = part.indexOf('=');
    const key = part.slice(0, eq).trim();
    if (eq <= 0 || !key) return undefined;
    out[key] = part.slice(eq + 1).trim();
  }
  return out;
}

export function validatePolicyForm(v: PolicyFormValues): PolicyFormErrors {
  const e: PolicyFormErrors = {};
  if (!/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(v.name)) e.name = 'name';
  if (v.bandwidthPerMigration.trim()) {
    try {
      if (parseQuantity(v.bandwidthPerMigration.trim()) < 0) e.bandwidthPerMigration = 'bandwidth';
    } catch {
      e.bandwidthPerMigration = 'bandwidth';
    }
  }
  if (v.completionTimeoutPerGiB.trim() && !/^[1-9]\d*$/.test(v.completionTimeoutPerGiB.trim()))
    e.completionTimeoutPerGiB = 'timeout';
  if (!parseLabels(v.vmiSelector)) e.vmiSelector = 'labels';
  if (!parseLabels(v.namespaceSelector)) e.namespaceSelector = 'labels';
  return e;
}

/** The policy to save: `existing` with the form's fields set (and cleared where left empty). */
export function policyFromForm(v: PolicyFormValues, existing?: MigrationPolicy): MigrationPolicy {
  const spec: MigrationPolicy['spec'] = { ...(existing?.spec ?? {}) };
  const set = (k: string, value: unknown) => {
    if (value === undefined) delete spec[k];
    else spec[k] = value;
  };
  set('bandwidthPerMigration', v.bandwidthPerMigration.trim() || undefined);
  const timeout = v.completionTimeoutPerGiB.trim();
  set('completionTimeoutPerGiB', timeout ? Number(timeout) : undefined);
  set('allowAutoConverge', v.allowAutoConverge);
  set('allowPostCopy', v.allowPostCopy);
  spec.selectors = {
    ...(existing?.spec.selectors ?? {}),
    virtualMachineInstanceSelector: parseLabels(v.vmiSelector) ?? {},
    namespaceSelector: parseLabels(v.namespaceSelector) ?? {},
  };
  return {
    apiVersion: `${MIGRATION_POLICY_GVR.group}/${MIGRATION_POLICY_GVR.version}`,
    kind: 'MigrationPolicy',
    ...existing,
    metadata: existing ? existing.metadata : { name: v.name },
    spec,
  };
}

export interface PolicyVm {
  namespace: string;
  name: string;
  running: boolean;
}

/**
 * Each policy's VMs on one site: the VMs it is the policy in effect for. A running VM is matched
 * by its VMI's labels; a stopped one by the labels its VMI would get (template + `kubevirt.io/vm`).
 */
export function vmsByPolicy(
  policies: readonly MigrationPolicy[],
  vms: Iterable<VirtualMachine>,
  vmis: ReadonlyMap<string, VirtualMachineInstance>,
  namespaces: Iterable<KubeObject>,
): Map<string, PolicyVm[]> {
  const nsLabels = new Map([...namespaces].map((n) => [n.metadata.name ?? '', n.metadata.labels ?? {}]));
  const vmiByName = new Map([...vmis.values()].map((i) => [`${i.metadata.namespace}/${i.metadata.name}`, i]));
  const out = new Map<string, PolicyVm[]>();
  for (const vm of vms) {
    const namespace = vm.metadata.namespace ?? '';
    const name = vm.metadata.name ?? '';
    const vmi = vmiByName.get(`${namespace}/${name}`);
    const labels = vmi
      ? vmi.metadata.labels
      : { ...(vm.spec?.template?.metadata?.labels ?? {}), [VMI_VM_LABEL]: name };
    const p = matchMigrationPolicy(policies, labels, nsLabels.get(namespace) ?? {});
    if (!p) continue;
    const key = p.metadata.name ?? '';
    out.set(key, [...(out.get(key) ?? []), { namespace, name, running: !!vmi }]);
  }
  for (const list of out.values())
    list.sort((a, b) => `${a.namespace}/${a.name}`.localeCompare(`${b.namespace}/${b.name}`));
  return out;
}
