/**
 * A steady stream of VM status changes for soak tests: at `ratePerSecond`, one VM after another
 * (round robin over the chosen sites) has its runStrategy flipped between Always and Halted,
 * as `virtctl start/stop` would; the lab's controllers then move its printableStatus through
 * Starting/Running/Stopping/Stopped as KubeVirt does. It counts the writes it made and the
 * printableStatus changes the store saw, so a test can compare what a client showed.
 */
import { R } from '../controllers/refs';
import type { LabSite } from '../site';
import type { KubeObject } from '../store/types';

export interface ChurnOptions {
  ratePerSecond: number;
  /** Sites to churn (default every site). */
  sites?: string[];
  /** Only VMs of this namespace (default every namespace). */
  namespace?: string;
}

export interface ChurnStats {
  running: boolean;
  ratePerSecond: number;
  sites: string[];
  startedAt: string | null;
  /** runStrategy flips written. */
  writes: number;
  /** printableStatus changes seen in the churned sites' stores since the start. */
  statusChanges: number;
  /** Writes refused (a conflict with a controller): retried on the next tick. */
  conflicts: number;
}

const TICK_MS = 50;
export const MAX_CHURN_RATE = 2000;

export class VmChurn {
  private timer: NodeJS.Timeout | undefined;
  private unwatch: (() => void)[] = [];
  private cursor = 0;
  private credit = 0;
  private stats: ChurnStats = {
    running: false,
    ratePerSecond: 0,
    sites: [],
    startedAt: null,
    writes: 0,
    statusChanges: 0,
    conflicts: 0,
  };

  constructor(private readonly all: LabSite[]) {}

  start(o: ChurnOptions): ChurnStats {
    if (!Number.isFinite(o.ratePerSecond) || o.ratePerSecond <= 0 || o.ratePerSecond > MAX_CHURN_RATE)
      throw new Error(`ratePerSecond must be a number above 0 and at most ${MAX_CHURN_RATE}`);
    const names = o.sites ?? this.all.map((s) => s.name);
    const sites = names.map((n) => {
      const s = this.all.find((x) => x.name === n);
      if (!s) throw new Error(`no site ${n}`);
      return s;
    });
    this.stop();
    this.stats = {
      running: true,
      ratePerSecond: o.ratePerSecond,
      sites: names,
      startedAt: new Date().toISOString(),
      writes: 0,
      statusChanges: 0,
      conflicts: 0,
    };
    for (const site of sites) this.unwatch.push(this.countChanges(site));
    let last = Date.now();
    this.timer = setInterval(() => {
      const now = Date.now();
      this.credit = Math.min(this.credit + ((now - last) / 1000) * o.ratePerSecond, o.ratePerSecond);
      last = now;
      while (this.credit >= 1) {
        this.credit--;
        this.flipNext(sites, o.namespace);
      }
    }, TICK_MS);
    return this.view();
  }

  stop(): ChurnStats {
    clearInterval(this.timer);
    this.timer = undefined;
    for (const u of this.unwatch) u();
    this.unwatch = [];
    this.credit = 0;
    this.stats = { ...this.stats, running: false };
    return this.view();
  }

  view(): ChurnStats {
    return { ...this.stats, sites: [...this.stats.sites] };
  }

  private countChanges(site: LabSite): () => void {
    const last = new Map<string, string | undefined>();
    for (const vm of site.store.listShared(R.vm))
      last.set(`${vm.metadata.namespace}/${vm.metadata.name}`, vm.status?.printableStatus);
    return site.store.watch(R.vm, Number(site.store.resourceVersion()), (ev) => {
      const key = `${ev.object.metadata.namespace}/${ev.object.metadata.name}`;
      const status =
        ev.type === 'DELETED' ? undefined : (ev.object.status?.printableStatus as string | undefined);
      if (last.get(key) !== status) this.stats.statusChanges++;
      last.set(key, status);
    });
  }

  private flipNext(sites: LabSite[], namespace: string | undefined): void {
    // One VM per call, the next site each time, so every site changes at the same pace.
    const site = sites[this.cursor % sites.length] as LabSite;
    this.cursor++;
    const vms = site.store.listShared(R.vm, namespace).filter((v) => !v.metadata.deletionTimestamp);
    if (vms.length === 0) return;
    const vm = vms[Math.floor(this.cursor / sites.length) % vms.length] as KubeObject;
    const running = vm.spec?.runStrategy === 'Always' || vm.spec?.running === true;
    const next: KubeObject = { ...vm, spec: { ...vm.spec, runStrategy: running ? 'Halted' : 'Always' } };
    delete next.spec.running;
    try {
      site.store.update(R.vm, next);
      this.stats.writes++;
    } catch {
      this.stats.conflicts++;
    }
  }
}
