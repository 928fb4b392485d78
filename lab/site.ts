import { join } from 'node:path';
import type { LabTokens } from './auth/identities';
import { seedRbac } from './auth/seed';
import type { ApiExtensions, SiteContext, SiteControllers } from './apiserver/extensions';
import { startNamespaceFinalizer } from './apiserver/namespaces';
import { ApiServer, type Faults } from './apiserver/server';
import { startControllers } from './site-behaviour/index';
import { seedDemo } from './demo/index';
import { seedBase } from './kinds/seed-base';
import { ObjectStore } from './store/object-store';
import { loadSnapshot, persist } from './store/persistence';
import type { LabCa } from './tls/ca';
import type { SyncHub } from './wan/sync-hub';

/** One running site: its store, API server and controllers. */
export interface LabSite {
  name: string;
  /** `https://127.0.0.1:PORT` */
  url: string;
  store: ObjectStore;
  /** API server goes down and up on the same port; open watches end. */
  restart(): Promise<void>;
  setFaults(f: Faults): void;
  getFaults(): Faults;
  /** Open watches per resource (`group/resource`). */
  watchCounts(): Record<string, number>;
  /** Requests the API server received since the lab started (what a console costs the site). */
  requests(): number;
  stop(): Promise<void>;
}

export interface SiteOptions {
  name: string;
  host: string;
  port: number;
  ca: LabCa;
  tokens: LabTokens;
  timeScale: number;
  seed: 'demo' | 'infra' | 'none';
  scale?: number;
  dataDir?: string;
  /** The lab's WAN, shared by its sites. */
  wan?: SyncHub;
}

/** Starts one site: restore or seed the store, listen, start the controllers, seed the demo fleet. */
export async function startSite(o: SiteOptions): Promise<LabSite> {
  const store = new ObjectStore();
  const file = o.dataDir ? join(o.dataDir, `${o.name}.json`) : undefined;
  const restored = file ? loadSnapshot(store, file) : false;
  seedBase(store);
  seedRbac(store);
  const tls = o.ca.issue(o.name, [o.host, 'localhost', '127.0.0.1']);
  // Controllers start after the server (they need its URL); until then no hooks are installed.
  const running: { controllers?: SiteControllers } = {};
  const extensions = (): ApiExtensions => running.controllers?.extensions ?? {};
  const server = new ApiServer({ name: o.name, store, tokens: o.tokens, tls: { ...tls, clientCa: o.ca.cert }, host: o.host, port: o.port, extensions });
  await server.start();
  const ctx: SiteContext = {
    name: o.name, store, tls: { key: tls.key, cert: tls.cert, ca: o.ca.cert }, host: o.host, timeScale: o.timeScale,
    url: () => server.url,
    ...(o.wan ? { wan: o.wan } : {}),
  };
  running.controllers = startControllers(ctx);
  const controllers = running.controllers;
  if (o.seed !== 'none' && !restored) seedDemo(ctx, { scale: o.scale, fleet: o.seed === 'demo' });
  const stopPersist = file ? persist(store, file) : undefined;
  const stopNamespaces = startNamespaceFinalizer(store);
  let stopped = false;
  return {
    name: o.name,
    get url() {
      return server.url;
    },
    store,
    restart: () => server.restart(),
    setFaults: (f) => server.setFaults(f),
    getFaults: () => server.getFaults(),
    watchCounts: () => server.watchCounts(),
    requests: () => server.requests(),
    async stop() {
      if (stopped) return;
      stopped = true;
      stopNamespaces();
      await controllers.stop();
      await server.stop();
      stopPersist?.();
    },
  };
}
