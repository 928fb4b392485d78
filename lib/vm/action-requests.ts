/**
 * What each VM action sends to the cluster, and the SelfSubjectAccessReviews that tell the UI
 * whether the user may send it. Pure: the caller adds `/k8s/<site>` and performs the request.
 */
import { apiPath, type GroupVersionResource } from '../k8s/api-path';
import type { ResourceAttributes } from '../k8s/resources/access-review';
import { VM_GVR, VM_SUBRESOURCE_GVR as SUB_VM } from '../k8s/resources/virtual-machine';
import { VMI_SUBRESOURCE_GVR as SUB_VMI } from '../k8s/resources/virtual-machine-instance';
import type { VmActionId, VmPermissionKey } from './actions';

/** Every action that sends a request (console is a page, not a request). */
export type RequestAction = Exclude<VmActionId, 'console'>;

export interface ActionRequest {
  method: 'PUT' | 'DELETE';
  /** Kubernetes API path (no site prefix). */
  path: string;
  body?: unknown;
}

/**
 * The request for an action (API-FACTS §2). Pause/unpause act on the VMI (same name as the
 * VM); force stop is `stop` with gracePeriod 0; delete cascades to the VMI in the foreground so
 * the list shows Terminating until the guest is gone.
 */
export function actionRequest(id: RequestAction, namespace: string, name: string): ActionRequest {
  const sub = (gvr: GroupVersionResource, subresource: string) => apiPath(gvr, { namespace, name, subresource });
  switch (id) {
    case 'start':
      return { method: 'PUT', path: sub(SUB_VM, 'start'), body: {} };
    case 'stop':
      return { method: 'PUT', path: sub(SUB_VM, 'stop'), body: {} };
    case 'forceStop':
      return { method: 'PUT', path: sub(SUB_VM, 'stop'), body: { gracePeriod: 0 } };
    case 'restart':
      return { method: 'PUT', path: sub(SUB_VM, 'restart'), body: {} };
    case 'pause':
      return { method: 'PUT', path: sub(SUB_VMI, 'pause'), body: {} };
    case 'unpause':
      return { method: 'PUT', path: sub(SUB_VMI, 'unpause'), body: {} };
    case 'migrate':
      return { method: 'PUT', path: sub(SUB_VM, 'migrate'), body: {} };
    case 'delete':
      return {
        method: 'DELETE',
        path: apiPath(VM_GVR, { namespace, name }),
        body: { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: 'Foreground' },
      };
  }
}

/** The SSAR resourceAttributes behind each permission (RBAC of KubeVirt's cluster roles). */
export function permissionAttributes(key: VmPermissionKey, namespace: string, name: string): ResourceAttributes {
  const sub = (gvr: GroupVersionResource, subresource: string, verb = 'update'): ResourceAttributes => ({
    namespace,
    name,
    verb,
    group: gvr.group,
    resource: gvr.resource,
    subresource,
  });
  switch (key) {
    case 'start':
    case 'stop':
    case 'restart':
    case 'migrate':
      return sub(SUB_VM, key);
    case 'pause':
    case 'unpause':
      return sub(SUB_VMI, key);
    case 'vnc':
      return sub(SUB_VMI, 'vnc', 'get');
    case 'delete':
    case 'update':
      return { namespace, name, verb: key, group: VM_GVR.group, resource: VM_GVR.resource };
  }
}

export const PERMISSION_KEYS: readonly VmPermissionKey[] = ['start', 'stop', 'restart', 'migrate', 'pause', 'unpause', 'delete', 'update', 'vnc'];

