/** core/v1 Namespace. */
import type { GroupVersionResource } from '../api-path';
import type { KubeObject } from '../types';
import { resourceKeys } from './resource-keys';

export const NAMESPACE_GVR: GroupVersionResource = { group: '', version: 'v1', resource: 'namespaces' };
export const namespaceKeys = resourceKeys(NAMESPACE_GVR);

export interface KubeNamespace extends KubeObject {
  status?: { phase?: 'Active' | 'Terminating' };
}
