/**
 * Pure reducer for list+watch caches (DESIGN convention 6). resourceVersion is opaque: it is
 * stored and sent back, never compared.
 */
import { objectKey, type KubeObject, type WatchEvent } from './types';

export interface CacheState<T extends KubeObject> {
  items: ReadonlyMap<string, T>;
  resourceVersion: string;
}

/** Fresh state from a complete list. */
export function stateFromList<T extends KubeObject>(items: readonly T[], resourceVersion: string): CacheState<T> {
  return { items: new Map(items.map((o) => [objectKey(o), o])), resourceVersion };
}

/** Thrown by the reducer when the stream reports an ERROR (410 Gone means: re-list). */
export class WatchStreamError extends Error {
  readonly code: number;
  readonly reason: string;
  constructor(code: number, reason: string, message: string) {
    super(message);
    this.name = 'WatchStreamError';
    this.code = code;
    this.reason = reason;
  }
}

/**
 * Applies a batch of events, copying the map once per batch (10,000 objects × many events must
 * not copy per event). Returns the same state object when nothing changed.
 */
export function applyWatchEvents<T extends KubeObject>(state: CacheState<T>, events: readonly WatchEvent<T>[]): CacheState<T> {
  if (events.length === 0) return state;
  let items: Map<string, T> | undefined;
  let resourceVersion = state.resourceVersion;
  for (const event of events) {
    if (event.type === 'ERROR') {
      const s = event.object;
      throw new WatchStreamError(s.code ?? 500, s.reason ?? 'Unknown', s.message ?? 'watch error');
    }
    const obj = event.object;
    if (obj.metadata.resourceVersion) resourceVersion = obj.metadata.resourceVersion;
    if (event.type === 'BOOKMARK') continue;
    items ??= new Map(state.items);
    if (event.type === 'DELETED') items.delete(objectKey(obj));
    else items.set(objectKey(obj), obj);
  }
  if (!items && resourceVersion === state.resourceVersion) return state;
  return { items: items ?? state.items, resourceVersion };
}
