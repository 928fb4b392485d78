import { randomUUID } from 'node:crypto';
import { alreadyExists, conflict, expired, notFound, StatusError } from './status-error';
import type { KubeObject, OwnerReference, StoreEvent, WatchListener } from './types';

export type { KubeObject, StoreEvent, WatchListener } from './types';

/** A resource is stored under its `resource.group` name ("virtualmachines.kubevirt.io", "pods"). */
export interface ResourceRef {
  group: string;
  resource: string;
}

export interface WriteOptions {
  dryRun?: boolean;
}

export interface DeleteOptions extends WriteOptions {
  propagationPolicy?: 'Background' | 'Foreground' | 'Orphan';
  preconditions?: { uid?: string; resourceVersion?: string };
}

const NAME_SUFFIX_CHARS = 'bcdfghjklmnpqrstvwxz2456789';

function keyOf(ref: ResourceRef): string {
  return ref.group ? `${ref.resource}.${ref.group}` : ref.resource;
}

function objKey(ns: string | undefined, name: string): string {
  return `${ns ?? ''}/${name}`;
}

/** JSON-safe deep copy; the stored objects are plain JSON, so this is exact. */
export function clone<T>(value: T): T {
  return structuredClone(value);
}

/**
 * The lab's etcd: every object of one site, a single resourceVersion counter (like etcd's
 * revision), a bounded history of changes for watches to resume from, and an owner index
 * for garbage collection.
 *
 * Objects handed out by `get` and `list` are copies; `listShared` hands out the stored
 * objects themselves for read-only hot paths (serialising a 10,000-item list) and must never
 * be mutated by its caller.
 */
export class ObjectStore {
  private rv = 0;
  private readonly data = new Map<string, Map<string, KubeObject>>();
  /** Per resource, every stored object sorted by namespace/name; rebuilt lazily after a create or delete. */
  private readonly sorted = new Map<string, KubeObject[]>();
  private readonly history: StoreEvent[] = [];
  private readonly listeners = new Set<{ key: string | null; fn: WatchListener }>();
  private readonly dependents = new Map<string, Set<string>>();

  constructor(private readonly historyLimit = 50_000) {}

  /** The newest resourceVersion, as the apiserver reports it on lists. */
  resourceVersion(): string {
    return String(this.rv);
  }

  /** The oldest resourceVersion a watch may still resume from. */
  oldestResumableVersion(): number {
    const first = this.history[0];
    return first ? first.rv - 1 : this.rv;
  }

  get(ref: ResourceRef, ns: string | undefined, name: string): KubeObject | undefined {
    const found = this.data.get(keyOf(ref))?.get(objKey(ns, name));
    return found ? clone(found) : undefined;
  }

  /** The stored object itself, without a copy, for read-only hot paths. Never mutate it. */
  peek(ref: ResourceRef, ns: string | undefined, name: string): KubeObject | undefined {
    return this.data.get(keyOf(ref))?.get(objKey(ns, name));
  }

  /** Like `get`, but throws the apiserver's NotFound. */
  mustGet(ref: ResourceRef, ns: string | undefined, name: string): KubeObject {
    const found = this.get(ref, ns, name);
    if (!found) throw notFound(ref.group, ref.resource, name);
    return found;
  }

  list(ref: ResourceRef, ns?: string): KubeObject[] {
    return this.listShared(ref, ns).map(clone);
  }

  /** Stored objects without copying, sorted by namespace/name. Never mutate them. */
  listShared(ref: ResourceRef, ns?: string): readonly KubeObject[] {
    const key = keyOf(ref);
    let all = this.sorted.get(key);
    if (!all) {
      const bucket = this.data.get(key);
      if (!bucket) return [];
      all = [...bucket.values()].sort(byNamespaceName);
      this.sorted.set(key, all);
    }
    if (ns === undefined) return all.slice();
    const from = lowerBound(all, ns, '');
    let to = from;
    while (to < all.length && (all[to]?.metadata.namespace ?? '') === ns) to++;
    return all.slice(from, to);
  }

  count(ref: ResourceRef): number {
    return this.data.get(keyOf(ref))?.size ?? 0;
  }

  create(ref: ResourceRef, input: KubeObject, opts: WriteOptions = {}): KubeObject {
    const obj = clone(input);
    const meta = obj.metadata;
    if (!meta.name && meta.generateName) meta.name = this.generateName(ref, meta);
    if (!meta.name) {
      throw new StatusError(422, 'Invalid', 'name or generateName is required', {
        causes: [{ reason: 'FieldValueRequired', message: 'Required value: name or generateName is required', field: 'metadata.name' }],
      });
    }
    const bucket = this.bucket(ref);
    const k = objKey(meta.namespace, meta.name);
    if (bucket.has(k)) throw alreadyExists(ref.group, ref.resource, meta.name);
    meta.uid = randomUUID();
    meta.creationTimestamp = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    meta.generation = 1;
    delete meta.deletionTimestamp;
    if (opts.dryRun) {
      meta.resourceVersion = this.resourceVersion();
      return obj;
    }
    meta.resourceVersion = String(++this.rv);
    bucket.set(k, obj);
    this.sorted.delete(keyOf(ref));
    this.indexOwners(obj, k, ref);
    this.emit(ref, 'ADDED', obj);
    return clone(obj);
  }

  /**
   * Replaces an object. A `metadata.resourceVersion` in the input must match the stored one
   * (optimistic concurrency); without one the write is unconditional, as with the apiserver's
   * unconditional updates. Identity fields are kept from the stored object; `generation` moves
   * only when `spec` changes.
   */
  update(ref: ResourceRef, input: KubeObject, opts: WriteOptions = {}): KubeObject {
    const meta = input.metadata;
    const name = meta.name ?? '';
    const bucket = this.bucket(ref);
    const k = objKey(meta.namespace, name);
    const old = bucket.get(k);
    if (!old) throw notFound(ref.group, ref.resource, name);
    if (meta.resourceVersion && meta.resourceVersion !== old.metadata.resourceVersion) {
      throw conflict(ref.group, ref.resource, name);
    }
    const obj = clone(input);
    obj.metadata.uid = old.metadata.uid;
    obj.metadata.creationTimestamp = old.metadata.creationTimestamp;
    obj.metadata.deletionTimestamp = old.metadata.deletionTimestamp;
    if (!obj.metadata.deletionTimestamp) delete obj.metadata.deletionTimestamp;
    const specChanged = JSON.stringify(obj.spec) !== JSON.stringify(old.spec);
    obj.metadata.generation = (old.metadata.generation ?? 1) + (specChanged ? 1 : 0);
    if (opts.dryRun) {
      obj.metadata.resourceVersion = old.metadata.resourceVersion;
      return obj;
    }
    if (obj.metadata.deletionTimestamp && !(obj.metadata.finalizers ?? []).length) {
      // The last finalizer went: the object goes, and its dependents with it, as the
      // garbage collector does after a Background delete.
      const gone = this.remove(ref, k, obj);
      this.deleteDependents(gone.metadata.uid ?? '');
      return gone;
    }
    obj.metadata.resourceVersion = String(++this.rv);
    bucket.set(k, obj);
    this.replaceSorted(ref, obj);
    this.unindexOwners(old, k, ref);
    this.indexOwners(obj, k, ref);
    this.emit(ref, 'MODIFIED', obj);
    return clone(obj);
  }

  /**
   * Deletes an object the way the apiserver does: an object with finalizers only gets a
   * deletionTimestamp; dependents (by ownerReference) are deleted, or orphaned with
   * propagationPolicy Orphan. Returns the final or the still-terminating object.
   */
  delete(ref: ResourceRef, ns: string | undefined, name: string, opts: DeleteOptions = {}): KubeObject {
    const bucket = this.bucket(ref);
    const k = objKey(ns, name);
    const old = bucket.get(k);
    if (!old) throw notFound(ref.group, ref.resource, name);
    const pre = opts.preconditions;
    if (pre?.uid && pre.uid !== old.metadata.uid) {
      throw new StatusError(409, 'Conflict', `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${old.metadata.uid}`);
    }
    if (pre?.resourceVersion && pre.resourceVersion !== old.metadata.resourceVersion) {
      throw conflict(ref.group, ref.resource, name);
    }
    if (opts.dryRun) return clone(old);
    const policy = opts.propagationPolicy ?? 'Background';
    const uid = old.metadata.uid ?? '';
    if (policy === 'Orphan') this.orphanDependents(uid);
    else if (policy === 'Foreground') this.deleteDependents(uid);
    if ((old.metadata.finalizers ?? []).length) {
      if (old.metadata.deletionTimestamp) return clone(old);
      const obj = clone(old);
      obj.metadata.deletionTimestamp = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
      obj.metadata.resourceVersion = String(++this.rv);
      bucket.set(k, obj);
      this.replaceSorted(ref, obj);
      this.emit(ref, 'MODIFIED', obj);
      return clone(obj);
    }
    const gone = this.remove(ref, k, clone(old));
    if (policy === 'Background') this.deleteDependents(uid);
    return gone;
  }

  /**
   * Subscribes to changes of one resource (or all with `null`) after `fromRV`. Events still in
   * the history window are replayed first; an older `fromRV` throws 410 Expired, which tells
   * a client to re-list. Returns the unsubscribe function.
   */
  watch(ref: ResourceRef | null, fromRV: number, fn: WatchListener): () => void {
    if (fromRV < this.oldestResumableVersion()) {
      throw expired(`too old resource version: ${fromRV} (${this.oldestResumableVersion() + 1})`);
    }
    const key = ref ? keyOf(ref) : null;
    for (const ev of this.history) {
      if (ev.rv > fromRV && (key === null || ev.key === key)) fn(ev);
    }
    const entry = { key, fn };
    this.listeners.add(entry);
    return () => this.listeners.delete(entry);
  }

  /** Everything, for `--data-dir` persistence. */
  snapshot(): { resourceVersion: number; resources: Record<string, KubeObject[]> } {
    const resources: Record<string, KubeObject[]> = {};
    for (const [key, bucket] of this.data) resources[key] = [...bucket.values()];
    return { resourceVersion: this.rv, resources };
  }

  /** Loads a snapshot into an empty store; history starts empty, so older watches get 410. */
  restore(snap: { resourceVersion: number; resources: Record<string, KubeObject[]> }): void {
    this.rv = snap.resourceVersion;
    for (const [key, items] of Object.entries(snap.resources)) {
      const dot = key.indexOf('.');
      const ref = dot < 0 ? { group: '', resource: key } : { group: key.slice(dot + 1), resource: key.slice(0, dot) };
      const bucket = this.bucket(ref);
      for (const obj of items) {
        const k = objKey(obj.metadata.namespace, obj.metadata.name ?? '');
        bucket.set(k, obj);
        this.indexOwners(obj, k, ref);
      }
      this.sorted.delete(keyOf(ref));
    }
  }

  private remove(ref: ResourceRef, k: string, obj: KubeObject): KubeObject {
    this.bucket(ref).delete(k);
    this.sorted.delete(keyOf(ref));
    this.unindexOwners(obj, k, ref);
    obj.metadata.resourceVersion = String(++this.rv);
    this.emit(ref, 'DELETED', obj);
    return clone(obj);
  }

  /** An update keeps the sort position: swap the object in place instead of re-sorting. */
  private replaceSorted(ref: ResourceRef, obj: KubeObject): void {
    const all = this.sorted.get(keyOf(ref));
    if (!all) return;
    const i = lowerBound(all, obj.metadata.namespace ?? '', obj.metadata.name ?? '');
    const at = all[i];
    if (at && at.metadata.name === obj.metadata.name && (at.metadata.namespace ?? '') === (obj.metadata.namespace ?? '')) all[i] = obj;
    else this.sorted.delete(keyOf(ref));
  }

  private bucket(ref: ResourceRef): Map<string, KubeObject> {
    const key = keyOf(ref);
    let b = this.data.get(key);
    if (!b) {
      b = new Map();
      this.data.set(key, b);
    }
    return b;
  }

  private generateName(ref: ResourceRef, meta: KubeObject['metadata']): string {
    const bucket = this.bucket(ref);
    for (;;) {
      let suffix = '';
      for (let i = 0; i < 5; i++) suffix += NAME_SUFFIX_CHARS[Math.floor(Math.random() * NAME_SUFFIX_CHARS.length)];
      const name = `${meta.generateName}${suffix}`;
      if (!bucket.has(objKey(meta.namespace, name))) return name;
    }
  }

  private emit(ref: ResourceRef, type: StoreEvent['type'], obj: KubeObject): void {
    const ev: StoreEvent = { type, key: keyOf(ref), ref, object: obj, rv: this.rv };
    this.history.push(ev);
    if (this.history.length > this.historyLimit) this.history.splice(0, this.history.length - this.historyLimit);
    for (const l of [...this.listeners]) {
      if (l.key === null || l.key === ev.key) l.fn(ev);
    }
  }

  private indexOwners(obj: KubeObject, k: string, ref: ResourceRef): void {
    for (const o of obj.metadata.ownerReferences ?? []) {
      let set = this.dependents.get(o.uid);
      if (!set) {
        set = new Set();
        this.dependents.set(o.uid, set);
      }
      set.add(`${keyOf(ref)}|${k}`);
    }
  }

  private unindexOwners(obj: KubeObject, k: string, ref: ResourceRef): void {
    for (const o of obj.metadata.ownerReferences ?? []) {
      const set = this.dependents.get(o.uid);
      set?.delete(`${keyOf(ref)}|${k}`);
      if (set && !set.size) this.dependents.delete(o.uid);
    }
  }

  private dependentRefs(ownerUid: string): { ref: ResourceRef; ns: string | undefined; name: string }[] {
    return [...(this.dependents.get(ownerUid) ?? [])].map((entry) => {
      const [key = '', k = ''] = entry.split('|');
      const dot = key.indexOf('.');
      const ref = dot < 0 ? { group: '', resource: key } : { group: key.slice(dot + 1), resource: key.slice(0, dot) };
      const slash = k.indexOf('/');
      const ns = k.slice(0, slash) || undefined;
      return { ref, ns, name: k.slice(slash + 1) };
    });
  }

  private deleteDependents(ownerUid: string): void {
    for (const d of this.dependentRefs(ownerUid)) {
      if (this.data.get(keyOf(d.ref))?.has(objKey(d.ns, d.name))) this.delete(d.ref, d.ns, d.name);
    }
  }

  private orphanDependents(ownerUid: string): void {
    for (const d of this.dependentRefs(ownerUid)) {
      const obj = this.get(d.ref, d.ns, d.name);
      if (!obj) continue;
      obj.metadata.ownerReferences = (obj.metadata.ownerReferences ?? []).filter((o: OwnerReference) => o.uid !== ownerUid);
      delete obj.metadata.resourceVersion;
      this.update(d.ref, obj);
    }
  }
}

/** First index whose namespace/name is not below (ns, name). */
function lowerBound(items: readonly KubeObject[], ns: string, name: string): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const m = items[mid] as KubeObject;
    const mns = m.metadata.namespace ?? '';
    const below = mns < ns || (mns === ns && (m.metadata.name ?? '') < name);
    if (below) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function byNamespaceName(a: KubeObject, b: KubeObject): number {
  const an = a.metadata.namespace ?? '';
  const bn = b.metadata.namespace ?? '';
  if (an !== bn) return an < bn ? -1 : 1;
  const a2 = a.metadata.name ?? '';
  const b2 = b.metadata.name ?? '';
  return a2 < b2 ? -1 : a2 > b2 ? 1 : 0;
}
