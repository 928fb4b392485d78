/**
 * One list+watch of one collection on one site, for the fleet cache: LIST, then WATCH from the
 * list's resourceVersion; a 410 or a broken stream re-lists after a backoff. The objects live
 * in a map; every change calls `changed()` (the cache coalesces). Runs until `stop()`.
 */
import { ReconnectPolicy } from '../../lib/backoff';
import type { GroupVersionResource } from '../../lib/k8s/api-path';
import { apiPath } from '../../lib/k8s/api-path';
import {
  applyWatchEvents,
  stateFromList,
  WatchStreamError,
  type CacheState,
} from '../../lib/k8s/watch-reducer';
import type { KubeList, KubeObject, WatchEvent } from '../../lib/k8s/types';
import type { Principal } from '../auth/types';
import type { ServerContext } from '../context';
import { kubeCall, messageOf } from '../sites/kube-call';
import { openUpstreamWatch, type UpstreamWatch } from '../watch/upstream-watch';

export interface ResourceWatchHandlers {
  changed(): void;
}

export class ResourceWatch<T extends KubeObject = KubeObject> {
  state: CacheState<T> = stateFromList<T>([], '');
  /** The watch is open and the map matches the cluster. */
  synced = false;
  /** ms epoch when the map last matched the cluster (open watch). */
  syncedAt: number | null = null;
  lastError = '';
  private watch: UpstreamWatch | undefined;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private readonly policy = new ReconnectPolicy();

  constructor(
    private readonly ctx: ServerContext,
    private readonly principal: Principal,
    readonly site: string,
    readonly gvr: GroupVersionResource,
    private readonly on: ResourceWatchHandlers,
  ) {}

  start(): void {
    void this.list();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.watch?.cancel();
  }

  /** Keeps `syncedAt` current while the watch is open (read when a summary is made). */
  touch(now: number): void {
    if (this.synced) this.syncedAt = now;
  }

  private async list(): Promise<void> {
    try {
      const res = await kubeCall(this.ctx, this.principal, this.site, 'GET', apiPath(this.gvr));
      if (this.stopped) return;
      if (res.status !== 200) throw new Error(messageOf(res.body) ?? `list answered ${res.status}`);
      const list = res.body as KubeList<T>;
      this.state = stateFromList(list.items ?? [], list.metadata?.resourceVersion ?? '');
      this.on.changed();
      this.openWatch();
    } catch (err) {
      this.retry((err as Error).message);
    }
  }

  private openWatch(): void {
    const query = { resourceVersion: this.state.resourceVersion, allowWatchBookmarks: 'true' };
    this.watch = openUpstreamWatch(
      this.ctx,
      this.principal,
      { op: 'watch', id: 0, site: this.site, path: apiPath(this.gvr), query },
      {
        open: () => {
          this.synced = true;
          this.syncedAt = Date.now();
          this.policy.connected(Date.now());
          this.on.changed();
        },
        lines: (lines) => this.apply(lines),
        // A watch the cluster ends normally (its timeout) resumes from the last version; a
        // version too old for it comes back as a 410 ERROR event and re-lists.
        end: (err) =>
          err
            ? this.retry(err.status.message ?? `watch failed (${err.code})`)
            : this.stopped || this.openWatch(),
      },
    );
  }

  private apply(lines: string[]): void {
    const events = lines.filter((l) => l.trim()).map((l) => JSON.parse(l) as WatchEvent<T>);
    try {
      const next = applyWatchEvents(this.state, events);
      this.syncedAt = Date.now();
      if (next !== this.state) {
        this.state = next;
        this.on.changed();
      }
    } catch (err) {
      // 410 Gone and other stream errors: the map may be behind; list again.
      this.watch?.cancel();
      this.retry(err instanceof WatchStreamError ? err.message : 'bad watch event');
    }
  }

  private retry(why: string): void {
    if (this.stopped) return;
    this.watch = undefined;
    const wasSynced = this.synced;
    this.synced = false;
    this.lastError = why;
    if (wasSynced) this.on.changed();
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.list(), this.policy.failed(Date.now()) ?? 15_000);
    this.timer.unref();
  }
}
