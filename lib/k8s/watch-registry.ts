/**
 * Shares one ResourceWatcher per query key across components and writes its snapshots into the
 * react-query cache, so `useQuery` readers, invalidation and the watch use the same keys.
 */
import type { QueryClient, QueryKey } from '@tanstack/react-query';
import type { GroupVersionResource } from './api-path';
import type { CollectionScope } from './resources/resource-keys';
import { browserStreamSlots } from './stream-slots';
import type { KubeObject } from './types';
import { ResourceWatcher, type WatcherOptions, type WatchSnapshot } from './watch';

export interface WatchSpec {
  site: string;
  gvr: GroupVersionResource;
  scope?: CollectionScope;
  queryKey: QueryKey;
}

interface Entry {
  watcher: ResourceWatcher<KubeObject>;
  refs: number;
  linger?: ReturnType<typeof setTimeout>;
}

/**
 * How long a watch outlives its last reader. Short: a lingering stream would hold one of the
 * few connection slots; the cached snapshot already lets the next watcher resume at once.
 */
const LINGER_MS = 2_000;

const registries = new WeakMap<QueryClient, Map<string, Entry>>();

function entriesFor(client: QueryClient): Map<string, Entry> {
  let map = registries.get(client);
  if (!map) {
    map = new Map();
    registries.set(client, map);
  }
  return map;
}

/** Starts (or joins) the watch for `spec`; returns the release function. */
export function acquireWatch(
  client: QueryClient,
  spec: WatchSpec,
  extra: Partial<Pick<WatcherOptions<KubeObject>, 'fetchImpl' | 'timeoutSeconds'>> = {},
): () => void {
  const entries = entriesFor(client);
  const id = JSON.stringify(spec.queryKey);
  let entry = entries.get(id);
  if (!entry) {
    const watcher = new ResourceWatcher<KubeObject>({
      site: spec.site,
      gvr: spec.gvr,
      scope: spec.scope,
      onChange: (snapshot) => client.setQueryData(spec.queryKey, snapshot),
      initial: client.getQueryData<WatchSnapshot<KubeObject>>(spec.queryKey),
      slots: browserStreamSlots,
      ...extra,
    });
    entry = { watcher, refs: 0 };
    entries.set(id, entry);
    watcher.start();
  }
  if (entry.linger) clearTimeout(entry.linger);
  entry.linger = undefined;
  entry.refs += 1;
  const held = entry;
  let released = false;
  return () => {
    if (released) return;
    released = true;
    held.refs -= 1;
    if (held.refs > 0) return;
    held.linger = setTimeout(() => {
      held.watcher.stop();
      entries.delete(id);
    }, LINGER_MS);
  };
}

/** Stops every watch of this client (sign-out, tests). */
export function stopAllWatches(client: QueryClient): void {
  const entries = entriesFor(client);
  for (const entry of entries.values()) {
    if (entry.linger) clearTimeout(entry.linger);
    entry.watcher.stop();
  }
  entries.clear();
}
