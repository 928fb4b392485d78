import type { SiteContext } from '../apiserver/extensions';
import type { ObjectStore } from '../store/object-store';
import type { SiteMetrics } from '../metrics/site-metrics';
import type { EventRecorder } from './events';
import type { GuestRegistry } from './guests';
import type { WorkQueue } from './work-queue';
import type { SyncHub } from '../wan/sync-hub';

/** What every controller of a site shares. */
export interface Runtime {
  ctx: SiteContext;
  store: ObjectStore;
  events: EventRecorder;
  guests: GuestRegistry;
  metrics: SiteMetrics;
  /** Scales a realistic delay (ms) by the site's timeScale. */
  delay(realisticMs: number): number;
  /** The lab's WAN and this site's synchronization address, once it listens (decentralized migration). */
  sync?: { hub: SyncHub; address?: string };
  queues: Partial<Record<'vm' | 'vmi' | 'vmim' | 'dv' | 'pvc' | 'node' | 'vmirs', WorkQueue>>;
}

/** Realistic controller delays in ms at timeScale 1. */
export const DELAYS = {
  pendingToScheduling: 500,
  schedulingToScheduled: 1000,
  scheduledToRunning: 2500,
  unschedulableRetry: 5000,
  nodeUnresponsiveGrace: 40_000,
  migrationStep: 800,
  migrationTick: 1000,
  dvStep: 800,
};
