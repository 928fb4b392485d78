import { StatusError, badRequest } from '../store/status-error';
import type { KubeObject } from '../store/types';
import { isDryRun } from './admission';
import type { ApiContext, ResourceRequest } from './context';
import { budgetStatus, budgetsFor, podHealthy } from './disruption-budget';
import { sendJson } from './http-util';
import { readObject } from './writes';

const PDB = { group: 'policy', resource: 'poddisruptionbudgets' };
const VIOLATION = "Cannot evict pod as it would violate the pod's disruption budget.";

function tooManyRequests(message: string, cause: string): StatusError {
  return new StatusError(429, 'TooManyRequests', message, { causes: [{ reason: 'DisruptionBudget', message: cause }] });
}

/** A pod that is not running can go whatever its budget says (kube-apiserver's canIgnorePDB). */
function ignoresBudget(pod: KubeObject): boolean {
  return ['Succeeded', 'Failed', 'Pending'].includes(pod.status?.phase ?? 'Pending');
}

/** Refuses with 429 when the one budget that selects the pod allows no disruption now. */
function checkBudget(ctx: ApiContext, pod: KubeObject, dryRun: boolean): void {
  const budgets = budgetsFor(ctx.store, pod);
  if (budgets.length > 1) throw new StatusError(500, 'InternalError', 'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.');
  const pdb = budgets[0];
  if (!pdb) return;
  const s = budgetStatus(ctx.store, pdb);
  const name = pdb.metadata.name ?? '';
  if (!podHealthy(pod) && s.currentHealthy >= s.desiredHealthy) return;
  if (s.disruptionsAllowed <= 0) throw tooManyRequests(VIOLATION, `The disruption budget ${name} needs ${s.desiredHealthy} healthy pods and has ${s.currentHealthy} currently`);
  if (dryRun) return;
  const current = ctx.store.get(PDB, pdb.metadata.namespace, name);
  if (!current) return;
  const disruptedPods = { ...(current.status?.disruptedPods ?? {}), [pod.metadata.name ?? '']: new Date().toISOString() };
  ctx.store.update(PDB, { ...current, status: { ...(current.status ?? {}), ...s, disruptionsAllowed: s.disruptionsAllowed - 1, disruptedPods } });
}

/**
 * POST `/api/v1/namespaces/{ns}/pods/{name}/eviction` (policy/v1 or v1beta1 Eviction), as
 * kube-apiserver does it: validating webhooks first (KubeVirt's interceptor), then the pod's
 * PodDisruptionBudget, then a graceful delete. Refusals are 429 so `kubectl drain` retries.
 */
export async function handleEviction(ctx: ApiContext, r: ResourceRequest): Promise<void> {
  if (r.info.verb !== 'create') throw new StatusError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');
  const body = (await readObject(r)) as KubeObject & { deleteOptions?: { dryRun?: string[] } };
  const name = r.info.name ?? '';
  if (body?.metadata?.name && body.metadata.name !== name) throw badRequest('name in URL does not match name in Eviction object');
  const pod = ctx.store.mustGet(r.ref, r.ns, name);
  const dryRun = isDryRun(r.query) || (body?.deleteOptions?.dryRun ?? []).includes('All');
  ctx.extensions().admitEviction?.(structuredClone(pod), dryRun, r.user);
  if (!pod.metadata.deletionTimestamp) {
    if (!ignoresBudget(pod)) checkBudget(ctx, pod, dryRun);
    if (!dryRun) ctx.store.delete(r.ref, r.ns, name);
  }
  sendJson(r.res, 201, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 });
}
