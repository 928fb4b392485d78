import type { ObjectStore, ResourceRef } from '../store/object-store';
import type { KubeObject } from '../store/types';

/**
 * Read-modify-write of one object: re-reads it, applies `fn` to a copy and writes only when
 * something changed, with optimistic concurrency (a 409 makes the work queue retry).
 * Returns the stored object, or undefined when it does not exist.
 */
export function mutate(store: ObjectStore, ref: ResourceRef, ns: string | undefined, name: string, fn: (o: KubeObject) => void): KubeObject | undefined {
  const cur = store.get(ref, ns, name);
  if (!cur) return undefined;
  const before = JSON.stringify(cur);
  fn(cur);
  if (JSON.stringify(cur) === before) return cur;
  return store.update(ref, cur);
}
