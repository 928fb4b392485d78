/**
 * The fleet cache: one list+watch per (site, resource) as a read-only identity, shared by every
 * fleet screen (NOC walls, the overview). It turns objects into per-site summaries and hands
 * subscribers only the summaries that changed, coalesced: a burst of events within
 * `coalesceMs` is one update. A site that stops answering keeps its last summary, `live: false`
 * with the time it was last in sync.
 */
import { EventEmitter } from 'node:events';
import type { SiteSummary } from '../../lib/api/fleet';
import type { SiteStatus } from '../../lib/api/sites';
import { headline, summarizeSite, type SiteObjects } from '../../lib/fleet/summary';
import { DV_GVR, dvProgress, type DataVolume } from '../../lib/k8s/resources/datavolume';
import { NODE_GVR, type KubeNode } from '../../lib/k8s/resources/node';
import { VM_GVR, type VirtualMachine } from '../../lib/k8s/resources/virtual-machine';
import { VMIM_GVR, type VirtualMachineInstanceMigration } from '../../lib/k8s/resources/vmim';
import type { Principal } from '../auth/types';
import type { ServerContext } from '../context';
import { ResourceWatch } from './resource-watch';

export interface FleetCacheOptions {
  /** Events within this window are one update (ms). */
  coalesceMs?: number;
  /** Summaries are recomputed this often even without events (stuck imports, ages). */
  refreshMs?: number;
}

/** The identity the cache reads with: the console's, impersonating a read-only user. */
export function fleetReader(username: string, groups: string[]): Principal {
  return { user: { username, groups }, credential: { kind: 'impersonate', username, groups }, via: 'fleet' };
}

interface SiteWatches {
  vms: ResourceWatch<VirtualMachine>;
  nodes: ResourceWatch<KubeNode>;
  migrations: ResourceWatch<VirtualMachineInstanceMigration>;
  dataVolumes: ResourceWatch<DataVolume>;
  /** DataVolume progress as last seen, and since when (stuck imports). */
  progress: Map<string, { value: string; since: number }>;
  unreachableSince?: number;
  last?: SiteSummary;
  /** The headline of the last live summary, and when it last changed (after the first sync). */
  headline?: string;
  changedAt?: number;
}

/** A summary without its clock, to tell whether anything a screen shows changed. */
function comparable(s: SiteSummary): string {
  return JSON.stringify({ ...s, asOf: s.live ? null : s.asOf });
}

export class FleetCache extends EventEmitter<{ update: [SiteSummary[]] }> {
  private readonly sites = new Map<string, SiteWatches>();
  private readonly dirty = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private refresh: NodeJS.Timeout | undefined;
  private readonly coalesceMs: number;
  private readonly refreshMs: number;
  private readonly onRegistry = (statuses: SiteStatus[]) => {
    for (const s of statuses) this.markDirty(s.name);
  };

  constructor(
    private readonly ctx: ServerContext,
    private readonly reader: Principal,
    opts: FleetCacheOptions = {},
  ) {
    super();
    this.setMaxListeners(0);
    this.coalesceMs = opts.coalesceMs ?? 250;
    this.refreshMs = opts.refreshMs ?? 10_000;
  }

  /** Starts the watches on first use; later calls are free. */
  private ensureStarted(): void {
    if (this.refresh) return;
    this.ctx.registry.on('change', this.onRegistry);
    for (const name of this.ctx.registry.names()) {
      const changed = () => this.markDirty(name);
      const w: SiteWatches = {
        vms: new ResourceWatch(this.ctx, this.reader, name, VM_GVR, { changed }),
        nodes: new ResourceWatch(this.ctx, this.reader, name, NODE_GVR, { changed }),
        migrations: new ResourceWatch(this.ctx, this.reader, name, VMIM_GVR, { changed }),
        dataVolumes: new ResourceWatch(this.ctx, this.reader, name, DV_GVR, { changed }),
        progress: new Map(),
      };
      this.sites.set(name, w);
      for (const r of this.watchesOf(w)) r.start();
    }
    this.refresh = setInterval(() => {
      for (const name of this.sites.keys()) this.markDirty(name);
    }, this.refreshMs);
    this.refresh.unref();
  }

  private watchesOf(w: SiteWatches): ResourceWatch[] {
    return [w.vms, w.nodes, w.migrations, w.dataVolumes] as ResourceWatch[];
  }

  /** Every site's current summary (starts the cache if needed). */
  snapshot(): SiteSummary[] {
    this.ensureStarted();
    return [...this.sites.keys()].map((name) => this.summaryOf(name));
  }

  /** Calls `listener` with the changed summaries after each coalesced burst. */
  subscribe(listener: (changed: SiteSummary[]) => void): () => void {
    this.ensureStarted();
    this.on('update', listener);
    return () => this.off('update', listener);
  }

  private markDirty(name: string): void {
    if (!this.sites.has(name)) return;
    this.dirty.add(name);
    this.timer ??= setTimeout(() => this.flush(), this.coalesceMs);
  }

  private flush(): void {
    this.timer = undefined;
    const changed: SiteSummary[] = [];
    for (const name of this.dirty) {
      const w = this.sites.get(name);
      if (!w) continue;
      const before = w.last;
      const now = this.summaryOf(name);
      if (!before || comparable(before) !== comparable(now)) changed.push(now);
    }
    this.dirty.clear();
    if (changed.length) this.emit('update', changed);
  }

  private summaryOf(name: string): SiteSummary {
    const w = this.sites.get(name) as SiteWatches;
    const now = Date.now();
    const watches = this.watchesOf(w);
    for (const r of watches) r.touch(now);
    const reach = this.ctx.registry.statusOf(name)?.status ?? 'unknown';
    if (reach === 'unreachable') w.unreachableSince ??= now;
    else w.unreachableSince = undefined;
    for (const dv of w.dataVolumes.state.items.values()) {
      const key = `${dv.metadata.namespace ?? ''}/${dv.metadata.name ?? ''}`;
      const value = `${dv.status?.phase ?? ''}|${dvProgress(dv) ?? ''}`;
      if (w.progress.get(key)?.value !== value) w.progress.set(key, { value, since: now });
    }
    const times = watches.map((r) => r.syncedAt);
    const objects: SiteObjects = {
      vms: w.vms.state.items.values(),
      nodes: w.nodes.state.items.values(),
      migrations: w.migrations.state.items.values(),
      dataVolumes: w.dataVolumes.state.items.values(),
    };
    const summary = summarizeSite(objects, {
      site: name,
      reach,
      live: watches.every((r) => r.synced) && reach !== 'unreachable',
      asOf: times.some((t) => t === null) ? null : Math.min(...(times as number[])),
      unreachableSince: w.unreachableSince,
      progressSince: (key) => w.progress.get(key)?.since,
      now,
    });
    // Only a live summary can say something changed: a site coming back from an outage, or
    // its first sync, is not a change on the site.
    if (summary.live) {
      const h = headline(summary);
      if (w.headline !== undefined && w.headline !== h) w.changedAt = now;
      w.headline = h;
    }
    const placement = this.ctx.registry.get(name)?.placement;
    if (placement) summary.placement = placement;
    if (w.changedAt !== undefined) summary.changedAt = new Date(w.changedAt).toISOString();
    w.last = summary;
    return summary;
  }

  close(): void {
    clearTimeout(this.timer);
    clearInterval(this.refresh);
    this.ctx.registry.off('change', this.onRegistry);
    for (const w of this.sites.values()) for (const r of this.watchesOf(w)) r.stop();
    this.removeAllListeners();
  }
}
