/**
 * Bulk VM actions: one request per VM (lifecycle subresource or DELETE), a few at a time, each
 * VM's outcome reported as it lands. Errors are kept per VM, never swallowed.
 */
import { deleteObject, putSubresource } from '@/lib/k8s/client';
import { KubeApiError } from '@/lib/k8s/kube-api-error';
import { VM_GVR, vmActionPath } from '@/lib/k8s/resources/virtual-machine';

export const BULK_ACTIONS = ['start', 'stop', 'restart', 'migrate', 'delete'] as const;
export type BulkAction = (typeof BULK_ACTIONS)[number];

/** Actions that lose guest state or the VM itself ask for confirmation. */
export const DESTRUCTIVE: ReadonlySet<BulkAction> = new Set(['stop', 'restart', 'delete']);

export interface BulkTarget {
  id: string;
  site: string;
  namespace: string;
  name: string;
}

export type BulkOutcome = { state: 'pending' } | { state: 'running' } | { state: 'ok' } | { state: 'failed'; code: number; reason: string; message: string };

/** Performs one action on one VM; throws KubeApiError on failure. */
export async function runOne(action: BulkAction, t: BulkTarget): Promise<void> {
  if (action === 'delete') await deleteObject(t.site, VM_GVR, { namespace: t.namespace, name: t.name });
  else await putSubresource(t.site, vmActionPath(t.namespace, t.name, action), {});
}

/** Runs the action over all targets with bounded concurrency, calling `report` per change. */
export async function runBulk(
  action: BulkAction,
  targets: readonly BulkTarget[],
  report: (id: string, outcome: BulkOutcome) => void,
  concurrency = 6,
  perform: (action: BulkAction, t: BulkTarget) => Promise<void> = runOne,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < targets.length) {
      const target = targets[next++];
      if (!target) return;
      report(target.id, { state: 'running' });
      try {
        await perform(action, target);
        report(target.id, { state: 'ok' });
      } catch (err) {
        const e = err instanceof KubeApiError ? err : new KubeApiError(0, { message: err instanceof Error ? err.message : String(err) });
        report(target.id, { state: 'failed', code: e.code, reason: e.reason, message: e.message });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, targets.length) }, worker));
}
