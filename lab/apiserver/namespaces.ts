import { KINDS } from '../kinds/registry';
import type { ObjectStore } from '../store/object-store';
import { StatusError } from '../store/status-error';

const NAMESPACES = { group: '', resource: 'namespaces' };
/** Holds a namespace while its content is being deleted (upstream keeps it in spec.finalizers). */
const NS_FINALIZER = 'kubernetes';

/** Is any namespaced object still stored in `namespace`? */
export function namespaceHasContents(store: ObjectStore, namespace: string): boolean {
  return KINDS.some((def) => def.namespaced && store.listShared({ group: def.group, resource: def.resource }, namespace).length > 0);
}

/**
 * The namespace controller's first step, done synchronously: every namespaced object in the
 * namespace is deleted. Objects held by finalizers stay, and so the namespace stays
 * `Terminating` (with a deletionTimestamp) until `startNamespaceFinalizer` sees it empty.
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
  if (!namespaceHasContents(store, namespace)) return;
  const ns = store.get(NAMESPACES, undefined, namespace);
  if (!ns) return;
  ns.status = { ...(ns.status ?? {}), phase: 'Terminating' };
  ns.metadata.finalizers = [...new Set([...(ns.metadata.finalizers ?? []), NS_FINALIZER])];
  store.update(NAMESPACES, ns);
}

/** Removes a terminating namespace once its last object is gone. Returns the stop function. */
export function startNamespaceFinalizer(store: ObjectStore): () => void {
  return store.watch(null, Number(store.resourceVersion()), (ev) => {
    const ns = ev.object.metadata.namespace;
    if (ev.type !== 'DELETED' || !ns) return;
    const held = store.peek(NAMESPACES, undefined, ns);
    if (!held?.metadata.deletionTimestamp || namespaceHasContents(store, ns)) return;
    const next = store.get(NAMESPACES, undefined, ns);
    if (!next) return;
    next.metadata.finalizers = (next.metadata.finalizers ?? []).filter((f) => f !== NS_FINALIZER);
    // Deferred: the store is still emitting the deletion that got us here.
    queueMicrotask(() => {
      if (store.peek(NAMESPACES, undefined, ns)) store.update(NAMESPACES, next);
    });
  });
}
