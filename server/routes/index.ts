import type { BackendModule } from '../context';
import { handleProxy } from '../proxy/k8s-proxy';
import { SITE_PROXY_PREFIX } from '../../lib/k8s/api-path';
import type { BridgeSet } from '../console/vmi-socket-route';
import { siteModule } from './site-routes';
import { healthModule } from './health-routes';
import { sessionModule } from './session-routes';
import { consoleModule } from '../console/routes';
import { fleetModule, type FleetModuleOptions } from '../fleet/fleet-module';
import { watchMuxRoute, type MuxSockets } from '../watch/watch-mux-route';
import { migrationModule, type MigrationModuleOptions } from '../migrations/progress-module';
import { uploadModule, type UploadModuleOptions } from '../uploads/upload-module';

/** The Kubernetes pass-through proxy. */
export const proxyModule: BackendModule = {
  name: 'k8s-proxy',
  setup: () => ({
    routes: [
      {
        method: '*',
        path: (p) => p.startsWith(SITE_PROXY_PREFIX),
        name: `${SITE_PROXY_PREFIX}{site}/…`,
        handle: handleProxy,
      },
    ],
  }),
};

/** The watch multiplexer: every watch of a page over one websocket. */
export function watchModule(): BackendModule {
  const sockets: MuxSockets = new Set();
  return {
    name: 'watch-mux',
    setup: (ctx) => {
      const remove = ctx.upgrades.register(watchMuxRoute(sockets));
      return {
        close: () => {
          remove();
          for (const ws of sockets) ws.close(1001, 'server shutting down');
        },
      };
    },
  };
}

/**
 * Every backend module, in matching order. To add one (e.g. `server/console/routes.ts`
 * exporting `consoleModule: BackendModule`), import it and append it here: one line.
 */
export function backendModules(
  opts: { bridges?: BridgeSet; fleet?: FleetModuleOptions; migrations?: MigrationModuleOptions; uploads?: UploadModuleOptions } = {},
): BackendModule[] {
  return [
    healthModule,
    sessionModule,
    siteModule,
    proxyModule,
    watchModule(),
    consoleModule(opts.bridges),
    fleetModule(opts.fleet),
    migrationModule(opts.migrations),
    uploadModule(opts.uploads),
  ];
}
