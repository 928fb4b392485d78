import type { SiteControllers } from '../apiserver/extensions';
import type { ObjectStore } from '../store/object-store';

/** Controllers by site store, so the demo seeder can act as a user would (pause a VM). */
export const controllersByStore = new WeakMap<ObjectStore, SiteControllers>();

/** Cleanups registered by helpers living beside a site (the demo's image server). */
export const cleanupsByStore = new WeakMap<ObjectStore, (() => Promise<void>)[]>();

/** Registers `fn` to run when the site's controllers stop. */
export function onSiteStop(store: ObjectStore, fn: () => Promise<void>): void {
  const list = cleanupsByStore.get(store) ?? [];
  list.push(fn);
  cleanupsByStore.set(store, list);
}

/** The loopback Prometheus endpoint of each site (`http://127.0.0.1:PORT/metrics`). */
export const metricsUrls = new WeakMap<ObjectStore, Promise<string>>();
