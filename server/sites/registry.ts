import { EventEmitter } from 'node:events';
import type { SiteStatus } from '../../lib/api/sites';
import { healthFrom, nextProbeDelay, probeSite, type HealthPolicy } from './probe';
import type { Site } from './site';

export interface RegistryOptions extends Partial<HealthPolicy> {
  /** Probe interval while a site answers. */
  probeIntervalMs?: number;
  /** Longest delay between probes of a failing site. */
  probeMaxBackoffMs?: number;
  probeTimeoutMs?: number;
}

interface Entry {
  site: Site;
  status: SiteStatus;
  failures: number;
  timer?: NodeJS.Timeout;
  probing: boolean;
}

/**
 * The sites the console knows, each with a background reachability probe. Emits `change` with
 * the full status list whenever any site's status, RTT bucket or message changes.
 */
export class SiteRegistry extends EventEmitter<{ change: [SiteStatus[]] }> {
  private readonly entries = new Map<string, Entry>();
  private readonly policy: HealthPolicy;
  private readonly interval: number;
  private readonly maxBackoff: number;
  private readonly timeout: number;
  private stopped = false;

  constructor(sites: Site[], opts: RegistryOptions = {}) {
    super();
    // Every open upstream watch listens for its site turning unreachable.
    this.setMaxListeners(0);
    this.policy = {
      slowRttMs: opts.slowRttMs ?? 1500,
      failuresToUnreachable: opts.failuresToUnreachable ?? 2,
    };
    this.interval = opts.probeIntervalMs ?? 5000;
    this.maxBackoff = opts.probeMaxBackoffMs ?? 30_000;
    this.timeout = opts.probeTimeoutMs ?? 4000;
    for (const site of sites) {
      this.entries.set(site.name, {
        site,
        failures: 0,
        probing: false,
        status: {
          name: site.name,
          server: site.server,
          status: 'unknown',
          rttMs: null,
          lastSeen: null,
          message: 'not probed yet',
          placement: site.placement,
        },
      });
    }
  }

  /** Site by name, or undefined. */
  get(name: string): Site | undefined {
    return this.entries.get(name)?.site;
  }

  names(): string[] {
    return [...this.entries.keys()];
  }

  /** Current status of every site, in kubeconfig order. */
  statuses(): SiteStatus[] {
    return [...this.entries.values()].map((e) => ({ ...e.status }));
  }

  statusOf(name: string): SiteStatus | undefined {
    const e = this.entries.get(name);
    return e ? { ...e.status } : undefined;
  }

  /** Probes every site once now (awaited), then keeps probing in the background. */
  async start(): Promise<void> {
    await Promise.all([...this.entries.values()].map((e) => this.probe(e)));
  }

  /** Probe a site right away (e.g. after the proxy saw it fail). */
  probeNow(name: string): void {
    const e = this.entries.get(name);
    if (e && !e.probing) void this.probe(e);
  }

  /**
   * A request to the site was just answered. If its probes have been failing, probe now instead
   * of at the end of their backoff, so a site back from an outage is shown reachable at once.
   */
  noteAnswered(name: string): void {
    const e = this.entries.get(name);
    if (e && e.failures > 0) this.probeNow(name);
  }

  private async probe(e: Entry): Promise<void> {
    if (this.stopped) return;
    clearTimeout(e.timer);
    e.probing = true;
    const result = await probeSite(e.site, this.timeout).catch((err: Error) => ({
      ok: false,
      rttMs: 0,
      message: err.message,
    }));
    e.probing = false;
    if (this.stopped) return;
    e.failures = result.ok ? 0 : e.failures + 1;
    const before = JSON.stringify([e.status.status, e.status.message]);
    e.status = {
      ...e.status,
      status: healthFrom(result, e.failures, this.policy),
      rttMs: result.ok ? result.rttMs : e.status.rttMs,
      lastSeen: result.ok ? new Date().toISOString() : e.status.lastSeen,
      message: result.message,
    };
    if (JSON.stringify([e.status.status, e.status.message]) !== before) this.emit('change', this.statuses());
    e.timer = setTimeout(
      () => void this.probe(e),
      nextProbeDelay(e.failures, this.interval, this.maxBackoff),
    );
    e.timer.unref();
  }

  /** Stops probing and closes every site's connections. */
  close(): void {
    this.stopped = true;
    for (const e of this.entries.values()) {
      clearTimeout(e.timer);
      e.site.close();
    }
    this.removeAllListeners();
  }
}
