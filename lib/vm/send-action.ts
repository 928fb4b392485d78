/**
 * The one way a VM action reaches a site, for the action bar and for bulk actions alike: ask
 * whether the user may, then send the request `actionRequest` builds.
 */
import { k8sFetch, k8sJson } from '../k8s/client';
import { apiPath } from '../k8s/api-path';
import { VMIM_GVR } from '../k8s/resources/vmim';
import { ACCESS_REVIEW_PATH, accessReviewBody, type AccessReviewAnswer } from '../k8s/resources/access-review';
import { actionRequest, permissionAttributes, type RequestAction } from './action-requests';
import type { VmPermissionKey } from './actions';

/** Sends one action; throws KubeApiError with the cluster's refusal. */
export async function sendAction(site: string, id: RequestAction, namespace: string, name: string): Promise<void> {
  const req = actionRequest(id, namespace, name);
  await k8sFetch(site, req.path, { method: req.method, body: req.body });
}

/**
 * Cancels a live migration the way `virtctl migrate-cancel` does: DELETE the VMIM (the controller
 * sees the deletionTimestamp and aborts). Throws KubeApiError with the cluster's refusal.
 */
export async function cancelMigration(site: string, namespace: string, vmim: string): Promise<void> {
  await k8sFetch(site, apiPath(VMIM_GVR, { namespace, name: vmim }), { method: 'DELETE' });
}

/**
 * One SelfSubjectAccessReview. A review that fails (network, proxy) counts as allowed: the
 * apiserver still decides when the action is sent, and its refusal is shown in words.
 */
export async function reviewPermission(site: string, key: VmPermissionKey, namespace: string, name: string): Promise<boolean> {
  try {
    const answer = await k8sJson<AccessReviewAnswer>(site, ACCESS_REVIEW_PATH, {
      method: 'POST',
      body: accessReviewBody(permissionAttributes(key, namespace, name)),
    });
    return answer?.status?.allowed === true;
  } catch {
    return true;
  }
}
