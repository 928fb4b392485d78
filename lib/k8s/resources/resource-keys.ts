import type { GroupVersionResource } from '../api-path';

/** Options that select one collection of a resource on one site. */
export interface CollectionScope {
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
}

/**
 * Query keys come from the GVR, never from a per-resource factory: `resourceKeys(VM_GVR)` is
 * what `useQuery`, the watch cache and invalidation all use for VMs, and so for every resource.
 * Keys nest, so invalidating `site(s)` also drops that site's lists and objects.
 */
export interface ResourceKeys {
  all: () => readonly unknown[];
  site: (site: string) => readonly unknown[];
  list: (site: string, scope?: CollectionScope) => readonly unknown[];
  object: (site: string, namespace: string | undefined, name: string) => readonly unknown[];
}

/** `group/version/resource` as one string, stable across modules. */
export function gvrId(gvr: GroupVersionResource): string {
  return `${gvr.group || 'core'}/${gvr.version}/${gvr.resource}`;
}

/** Builds the key factory for one resource. */
export function resourceKeys(gvr: GroupVersionResource): ResourceKeys {
  const id = gvrId(gvr);
  return {
    all: () => ['k8s', id] as const,
    site: (site) => ['k8s', id, site] as const,
    list: (site, scope = {}) =>
      ['k8s', id, site, 'list', scope.namespace ?? '', scope.labelSelector ?? '', scope.fieldSelector ?? ''] as const,
    object: (site, namespace, name) => ['k8s', id, site, 'object', namespace ?? '', name] as const,
  };
}
