import { KINDS } from '../kinds/registry';
import type { ObjectStore } from '../store/object-store';
import { StatusError } from '../store/status-error';

/**
 * The namespace controller's work, done synchronously: deleting a namespace deletes every
 * namespaced object in it first (objects with finalizers stay until their owners finish).
 */
export function deleteNamespaceContents(store: ObjectStore, namespace: string): void {
  for (const def of KINDS) {
    if (!def.namespaced) continue;
    const ref = { group: def.group, resource: def.resource };
    for (const obj of [...store.listShared(ref, namespace)]) {
      try {
        store.delete(ref, namespace, obj.metadata.name ?? '', { propagationPolicy: 'Background' });
      } catch (err) {
        // A cascade from an earlier deletion may already have removed it.
        if (!(err instanceof StatusError && err.code === 404)) throw err;
      }
    }
  }
}
