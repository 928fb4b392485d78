/**
 * Shares one ResourceWatcher per query key across components and writes its snapshots into the
 * react-query cache, so `useQuery` readers, invalidation and the watch use the same keys. In the
 * app every watch rides the page's watch multiplexer; without one (tests, other hosts) each
 * watch is a plain fetch stream.
 */
import type { QueryClient, QueryKey } from '@tanstack/react-query';
import type { GroupVersionResource } from './api-path';
import type { CollectionScope } from './resources/resource-keys';
import type { KubeObject } from './types';
import { ResourceWatcher, type WatcherOptions, type WatchSnapshot } from './watch';
import type { WatchMux } from './watch-mux';

export interface WatchSpec {
  site: string;
  gvr: GroupVersionResource;
  scope?: CollectionScope;
  queryKey: QueryKey;
}

interface Entry {
  watcher: ResourceWatcher<KubeObject>;
  writes: { cancel: () => void };
  refs: number;
  linger?: ReturnType<typeof setTimeout>;
}

/**
 * How long a watch outlives its last reader. Short: the cached snapshot already lets the next
 * watcher resume at once.
 */
const LINGER_MS = 2_000;

/**
 * Cache writes per watch are at most this often (first at once, then the latest after the
 * pause): each write re-derives views of the whole collection (10,000 fleet rows sorted and
 * filtered), and a busy site can send dozens of events a second.
 */
const COALESCE_MS = 200;

/**
 * Reconnect backoff cap. A retry costs one message to our own BFF, which answers fast for a site
 * that is down; a short cap means a site back from a WAN outage shows live within seconds.
 */
const RECONNECT_MAX_MS = 8_000;

const registries = new WeakMap<QueryClient, Map<string, Entry>>();
const muxes = new WeakMap<QueryClient, Pick<WatchMux, 'open' | 'close'>>();

/**
 * Carries this client's watches over one multiplexed websocket instead of one HTTP stream each
 * (which the browser caps at six per origin).
 */
export function attachWatchMux(client: QueryClient, mux: Pick<WatchMux, 'open' | 'close'>): void {
  muxes.set(client, mux);
}

/** Calls `write` at once, then at most once per `ms` with the latest value. */
function coalesce<T>(write: (v: T) => void, ms: number): { push: (v: T) => void; cancel: () => void } {
  let latest: { v: T } | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const flush = () => {
    timer = undefined;
    if (!latest) return;
    const { v } = latest;
    latest = undefined;
    write(v);
    timer = setTimeout(flush, ms);
  };
  return {
    push(v) {
      latest = { v };
      if (!timer) flush();
    },
    cancel: () => clearTimeout(timer),
  };
}

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
    const mux = muxes.get(client);
    const writes = coalesce((snapshot: WatchSnapshot<KubeObject>) => client.setQueryData(spec.queryKey, snapshot), COALESCE_MS);
    const watcher = new ResourceWatcher<KubeObject>({
      site: spec.site,
      gvr: spec.gvr,
      scope: spec.scope,
      onChange: writes.push,
      initial: client.getQueryData<WatchSnapshot<KubeObject>>(spec.queryKey),
      opener: mux?.open,
      backoff: { maxMs: RECONNECT_MAX_MS },
      ...extra,
    });
    entry = { watcher, writes, refs: 0 };
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
      held.writes.cancel();
      entries.delete(id);
    }, LINGER_MS);
  };
}

/** Ends the reconnect backoff of every watch on `site` (it was seen reachable again). */
export function retryWatches(client: QueryClient, site: string): void {
  for (const entry of entriesFor(client).values()) if (entry.watcher.site === site) entry.watcher.retryNow();
}

/** Stops every watch of this client (sign-out, tests). */
export function stopAllWatches(client: QueryClient): void {
  const entries = entriesFor(client);
  for (const entry of entries.values()) {
    if (entry.linger) clearTimeout(entry.linger);
    entry.watcher.stop();
    entry.writes.cancel();
  }
  entries.clear();
  muxes.get(client)?.close();
}
