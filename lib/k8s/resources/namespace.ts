/** core/v1 Namespace. */
import type { GroupVersionResource } from '../api-path';
import type { KubeObject } from '../types';

export const NAMESPACE_GVR: GroupVersionResource = { group: '', version: 'v1', resource: 'namespaces' };

export interface KubeNamespace extends KubeObject {
  status?: { phase?: 'Active' | 'Terminating' };
}
