/**
 * List+watch over fetch streaming (DESIGN convention 6): list (paged), then watch from the
 * list's resourceVersion; events go through the pure reducer; 410 Gone re-lists; a dropped
 * stream reconnects with backoff while the last known items stay available and marked stale.
 */
import { apiPath, type GroupVersionResource } from './api-path';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffOptions } from '../backoff';
import { k8sJson, type FetchLike } from './client';
import { KubeApiError, networkError } from './kube-api-error';
import type { CollectionScope } from './resources/resource-keys';
import { failureStatus, type KubeList, type KubeObject, type WatchEvent } from './types';
import { fetchWatchOpener, type WatchOpener } from './watch-stream';
import { applyWatchEvents, stateFromList, WatchStreamError, type CacheState } from './watch-reducer';

/**
 * List page sizes: a small first page so rows show fast, then large pages so a big collection
 * needs few round trips (each costs a full RTT on a WAN link, and one re-render).
 */
const LIST_PAGES = { first: 500, growth: 10 };

/** Watches start retrying after 0.5 s and back off to 30 s, half-jittered. */
const WATCH_BACKOFF: BackoffOptions = { ...DEFAULT_BACKOFF, maxMs: 30_000 };

export type ConnectionState = 'connecting' | 'live' | 'reconnecting';

/** What a list+watch knows at one moment; a new object on every change. */
export interface WatchSnapshot<T extends KubeObject> {
  items: ReadonlyMap<string, T>;
  resourceVersion: string;
  /** A complete list has arrived at least once. */
  listed: boolean;
  connection: ConnectionState;
  /** Last time (ms epoch) the server confirmed the data: list, event, bookmark or stream opened. */
  lastUpdated: number | null;
  /** When the connection was lost (ms epoch); null while live. */
  disconnectedSince: number | null;
  /** Last failure, kept until the next success. */
  error: KubeApiError | null;
  /** Consecutive failed attempts. */
  attempt: number;
}

/** Snapshot before anything arrived. */
export function emptySnapshot<T extends KubeObject>(): WatchSnapshot<T> {
  return {
    items: new Map(),
    resourceVersion: '',
    listed: false,
    connection: 'connecting',
    lastUpdated: null,
    disconnectedSince: null,
    error: null,
    attempt: 0,
  };
}

export interface WatcherOptions<T extends KubeObject> {
  site: string;
  gvr: GroupVersionResource;
  scope?: CollectionScope;
  onChange: (snapshot: WatchSnapshot<T>) => void;
  fetchImpl?: FetchLike;
  now?: () => number;
  /** Items in the first list page (later pages are larger: see `LIST_PAGES`). */
  pageSize?: number;
  /** Server-side watch timeout; a fresh watch resumes from the last resourceVersion. */
  timeoutSeconds?: number;
  /** Reconnect backoff (defaults: `DEFAULT_BACKOFF`); `random` makes the jitter testable. */
  backoff?: Partial<BackoffOptions> & { random?: () => number };
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /**
   * Last snapshot of an earlier watcher of the same collection: its items stay visible and the
   * watch resumes from its resourceVersion (410 Gone falls back to a fresh list).
   */
  initial?: WatchSnapshot<T>;
  /** How watches are opened; default: one fetch stream each (`fetchImpl`). */
  opener?: WatchOpener;
}

function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

function asKubeError(err: unknown): KubeApiError {
  if (err instanceof KubeApiError) return err;
  if (err instanceof WatchStreamError) return new KubeApiError(err.code, failureStatus(err.code, err.reason, err.message));
  return networkError(err);
}

function isGone(err: unknown): boolean {
  return (err instanceof WatchStreamError || err instanceof KubeApiError) && err.code === 410;
}

/** One list+watch loop for one collection on one site. */
export class ResourceWatcher<T extends KubeObject> {
  private snap: WatchSnapshot<T> = emptySnapshot<T>();
  private readonly abort = new AbortController();
  private running = false;
  /** Set while waiting out a backoff delay; aborting it retries at once. */
  private backoffWake?: AbortController;

  constructor(private readonly opts: WatcherOptions<T>) {
    if (opts.initial) this.snap = { ...opts.initial, connection: 'connecting' };
  }

  get snapshot(): WatchSnapshot<T> {
    return this.snap;
  }

  /** Starts the loop (idempotent). */
  start(): void {
    if (this.running) return;
    this.running = true;
    void this.loop();
  }

  /**
   * Ends a backoff wait now (the site is known to be back): the next attempt starts at once
   * instead of after up to 30 s. No-op while connected.
   */
  retryNow(): void {
    this.backoffWake?.abort();
  }

  get site(): string {
    return this.opts.site;
  }

  /** Stops for good and aborts the open request. */
  stop(): void {
    this.abort.abort();
  }

  private now(): number {
    return (this.opts.now ?? Date.now)();
  }

  private update(patch: Partial<WatchSnapshot<T>>): void {
    if (this.abort.signal.aborted) return;
    this.snap = { ...this.snap, ...patch };
    this.opts.onChange(this.snap);
  }

  private async loop(): Promise<void> {
    let needList = !this.snap.listed || !this.snap.resourceVersion;
    const signal = this.abort.signal;
    while (!signal.aborted) {
      try {
        if (needList) await this.list();
        needList = false;
        await this.watchOnce();
      } catch (err) {
        if (signal.aborted) return;
        if (isGone(err) && !needList) {
          needList = true;
          continue;
        }
        const attempt = this.snap.attempt + 1;
        this.update({
          connection: 'reconnecting',
          error: asKubeError(err),
          attempt,
          disconnectedSince: this.snap.disconnectedSince ?? this.now(),
        });
        await this.backoffSleep(backoffDelay(attempt - 1, { ...WATCH_BACKOFF, ...this.opts.backoff }, (this.opts.backoff?.random ?? Math.random)()));
      }
    }
  }

  private async backoffSleep(ms: number): Promise<void> {
    const wake = new AbortController();
    this.backoffWake = wake;
    try {
      await this.sleepUnlessWoken(ms, wake);
    } finally {
      this.backoffWake = undefined;
    }
  }

  /** Sleeps `ms`, or less when `wake` is aborted or the watcher stops. */
  private async sleepUnlessWoken(ms: number, wake: AbortController): Promise<void> {
    const onStop = () => wake.abort();
    this.abort.signal.addEventListener('abort', onStop);
    try {
      await (this.opts.sleep ?? abortableSleep)(ms, wake.signal);
    } finally {
      this.abort.signal.removeEventListener('abort', onStop);
    }
  }

  private async list(): Promise<void> {
    const { site, gvr, scope = {} } = this.opts;
    const items: T[] = [];
    const firstPage = this.opts.pageSize ?? LIST_PAGES.first;
    let cont: string | undefined;
    let rv = '';
    do {
      const page = await k8sJson<KubeList<T>>(site, apiPath(gvr, { namespace: scope.namespace }), {
        query: {
          labelSelector: scope.labelSelector,
          fieldSelector: scope.fieldSelector,
          limit: cont ? firstPage * LIST_PAGES.growth : firstPage,
          continue: cont,
        },
        signal: this.abort.signal,
        fetchImpl: this.opts.fetchImpl,
      });
      items.push(...page.items);
      cont = page.metadata.continue || undefined;
      rv = page.metadata.resourceVersion ?? rv;
      // First load of a big collection: show each page as it lands. A re-list keeps the old
      // complete set until the new one is complete.
      if (cont && !this.snap.listed) this.update({ items: stateFromList(items, '').items });
    } while (cont);
    const state = stateFromList(items, rv);
    this.update({ ...state, listed: true, ...this.liveFields() });
  }

  private liveFields(): Partial<WatchSnapshot<T>> {
    return { connection: 'live', error: null, attempt: 0, disconnectedSince: null, lastUpdated: this.now() };
  }

  private async watchOnce(): Promise<void> {
    const { site, gvr, scope = {} } = this.opts;
    const open = this.opts.opener ?? fetchWatchOpener(this.opts.fetchImpl);
    const batches = await open({
      site,
      path: apiPath(gvr, { namespace: scope.namespace }),
      query: {
        labelSelector: scope.labelSelector,
        fieldSelector: scope.fieldSelector,
        allowWatchBookmarks: true,
        resourceVersion: this.snap.resourceVersion,
        timeoutSeconds: this.opts.timeoutSeconds ?? 290,
      },
      signal: this.abort.signal,
    });
    this.update(this.liveFields());
    for await (const events of batches) this.applyBatch(events as WatchEvent<T>[]);
  }

  private applyBatch(events: WatchEvent<T>[]): void {
    const current: CacheState<T> = { items: this.snap.items, resourceVersion: this.snap.resourceVersion };
    const next = applyWatchEvents(current, events);
    this.update({ ...next, lastUpdated: this.now() });
  }
}
