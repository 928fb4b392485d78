/**
 * Bulk VM actions: each VM goes through the same path as its single action: `vmAction` decides
 * whether it can be sent (state rules and the user's right, asked with one access review) and
 * `sendAction` sends it. A VM whose action is disabled is skipped with its reason; the others
 * run a few at a time, each outcome reported as it lands, errors kept per VM.
 */
import { KubeApiError } from '@/lib/k8s/kube-api-error';
import type { VirtualMachine } from '@/lib/k8s/resources/virtual-machine';
import type { VirtualMachineInstance } from '@/lib/k8s/resources/virtual-machine-instance';
import { PERMISSION_OF, vmAction, type VmActionId } from '@/lib/vm/actions';
import { reviewPermission, sendAction } from '@/lib/vm/send-action';

export const BULK_ACTIONS = ['start', 'stop', 'restart', 'migrate', 'delete'] as const satisfies readonly VmActionId[];
export type BulkAction = (typeof BULK_ACTIONS)[number];

export interface BulkTarget {
  id: string;
  site: string;
  namespace: string;
  name: string;
  /** The VM and its VMI as the live list knows them. */
  vm: VirtualMachine;
  vmi: VirtualMachineInstance | undefined;
}

export type BulkOutcome =
  | { state: 'pending' }
  | { state: 'running' }
  | { state: 'ok' }
  | { state: 'skipped'; reasonKey: string; reasonParams?: Record<string, string> }
  | { state: 'failed'; code: number; reason: string; message: string };

/** Checks and performs one action on one VM; throws KubeApiError when the cluster refuses. */
export async function runOne(action: BulkAction, t: BulkTarget): Promise<BulkOutcome> {
  const right = PERMISSION_OF[action];
  const allowed = await reviewPermission(t.site, right, t.namespace, t.name);
  const verdict = vmAction(action, t.vm, t.vmi, { [right]: allowed });
  if (verdict.disabled) return { state: 'skipped', reasonKey: verdict.reasonKey, reasonParams: verdict.reasonParams };
  await sendAction(t.site, action, t.namespace, t.name);
  return { state: 'ok' };
}

/** Runs the action over all targets with bounded concurrency, calling `report` per change. */
export async function runBulk(
  action: BulkAction,
  targets: readonly BulkTarget[],
  report: (id: string, outcome: BulkOutcome) => void,
  concurrency = 6,
  perform: (action: BulkAction, t: BulkTarget) => Promise<BulkOutcome> = runOne,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < targets.length) {
      const target = targets[next++];
      if (!target) return;
      report(target.id, { state: 'running' });
      try {
        report(target.id, await perform(action, target));
      } catch (err) {
        const e = err instanceof KubeApiError ? err : new KubeApiError(0, { message: err instanceof Error ? err.message : String(err) });
        report(target.id, { state: 'failed', code: e.code, reason: e.reason, message: e.message });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, targets.length) }, worker));
}
