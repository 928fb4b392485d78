/**
 * What helps a migration that does not converge: a MigrationPolicy for this one VM (more
 * bandwidth, auto-converge, post-copy), applied to the next attempt, and the retry itself.
 */
import { createObject, getObject, replaceObject } from '../k8s/client';
import { KubeApiError } from '../k8s/kube-api-error';

import {
  MIGRATION_POLICY_GVR,
  NAMESPACE_NAME_LABEL,
  VMI_VM_LABEL,
  type MigrationPolicy,
  type MigrationPolicySpec,
} from '../k8s/resources/migration-policy';
import { VMIM_GVR, type VirtualMachineInstanceMigration } from '../k8s/resources/vmim';
import { cancelMigration } from '../vm/send-action';

export type PolicyChange = Pick<
  MigrationPolicySpec,
  'bandwidthPerMigration' | 'allowAutoConverge' | 'allowPostCopy'
>;

const Mi = 2 ** 20;

/** The name of the console's policy for one VM (policies are cluster-scoped). */
export function vmPolicyName(namespace: string, vm: string): string {
  return `vm-${namespace}-${vm}`.slice(0, 253);
}

/** A policy matching only this VM: its namespace's name label and the VMI's `kubevirt.io/vm` label. */
export function vmPolicy(
  namespace: string,
  vm: string,
  change: PolicyChange,
  existing?: MigrationPolicy,
): MigrationPolicy {
  const base: MigrationPolicy = existing ?? {
    apiVersion: 'migrations.kubevirt.io/v1alpha1',
    kind: 'MigrationPolicy',
    metadata: { name: vmPolicyName(namespace, vm) },
    spec: {},
  };
  return {
    ...base,
    spec: {
      ...base.spec,
      ...change,
      selectors: {
        namespaceSelector: { [NAMESPACE_NAME_LABEL]: namespace },
        virtualMachineInstanceSelector: { [VMI_VM_LABEL]: vm },
      },
    },
  };
}

/**
 * Bandwidth that outruns the guest: 1.5× its dirty rate and at least twice today's cap, in Mi.
 * Undefined when there is no cap to raise (unlimited already).
 */
export function suggestedBandwidth(currentBytesPerSec: number, dirtyRate: number): string | undefined {
  if (currentBytesPerSec <= 0) return undefined;
  const want = Math.max(2 * currentBytesPerSec, 1.5 * dirtyRate);
  return `${Math.ceil(want / Mi)}Mi`;
}

/** Creates or updates the VM's policy; a concurrent change comes back as 409, never overwritten. */
export async function applyVmPolicy(
  site: string,
  namespace: string,
  vm: string,
  change: PolicyChange,
): Promise<MigrationPolicy> {
  const name = vmPolicyName(namespace, vm);
  let existing: MigrationPolicy | undefined;
  try {
    existing = await getObject<MigrationPolicy>(site, MIGRATION_POLICY_GVR, { name });
  } catch (err) {
    if (!(err instanceof KubeApiError && err.code === 404)) throw err;
  }
  const next = vmPolicy(namespace, vm, change, existing);
  return existing
    ? replaceObject(site, MIGRATION_POLICY_GVR, { name }, next)
    : createObject(site, MIGRATION_POLICY_GVR, next);
}

/**
 * Cancel and start again: deletes the VMIM, waits until the finalizer lets it go (the VMI is
 * free for a new migration then), and creates a new one that picks up the policy in effect.
 */
export async function retryMigration(
  site: string,
  namespace: string,
  vmim: string,
  vmi: string,
  timeoutMs = 60_000,
): Promise<VirtualMachineInstanceMigration> {
  await cancelMigration(site, namespace, vmim).catch((err: unknown) => {
    if (!(err instanceof KubeApiError && err.code === 404)) throw err;
  });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await getObject(site, VMIM_GVR, { namespace, name: vmim });
    } catch (err) {
      if (err instanceof KubeApiError && err.code === 404) break;
      throw err;
    }
    if (Date.now() > deadline)
      throw new Error(`migration ${vmim} was not removed within ${Math.round(timeoutMs / 1000)} s`);
    await new Promise((r) => setTimeout(r, 500));
  }
  return createObject<VirtualMachineInstanceMigration>(site, VMIM_GVR, {
    apiVersion: 'kubevirt.io/v1',
    kind: 'VirtualMachineInstanceMigration',
    metadata: { namespace, generateName: `${vmi}-retry-` },
    spec: { vmiName: vmi },
  });
}
