/**
 * The fleet module: the shared fleet cache and its summary stream (`FLEET_STREAM_PATH`), display
 * links and NOC screen heartbeats.
 * Registered in server/routes/index.ts.
 */
import { existsSync, readFileSync } from 'node:fs';
import { DISPLAY_PARAM, FLEET_STREAM_PATH } from '../../lib/api/fleet';
import type { BackendModule } from '../context';
import { HttpStatusError } from '../http/status';
import { FleetCache, fleetReader, type FleetCacheOptions } from './fleet-cache';
import { DisplayLinkStore } from './display-link-store';
import { displayLinkRoutes } from './display-link-routes';
import { heartbeatRoutes } from './noc-heartbeat';
import { serveFleetStream, sessionViewer, type FleetViewer } from './fleet-stream';

export interface FleetModuleOptions extends FleetCacheOptions {
  /** The read-only user the cache impersonates on every site (default `edgevirt:fleet-reader`). */
  readerUser?: string;
  /** Its groups (default `edgevirt:viewers`, bound to read-only roles). */
  readerGroups?: string[];
  /** Console version in every frame; a screen reloads when it changes. */
  version?: string;
  /** JSON file of display links (shared by replicas); without it links live in this process. */
  displayLinksFile?: string;
}

/** The deployed console's version: EDGEVIRT_VERSION, else package version + Next build id. */
function consoleVersion(): string {
  if (process.env.EDGEVIRT_VERSION) return process.env.EDGEVIRT_VERSION;
  const root = new URL('../../', import.meta.url);
  const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as { version: string };
  const buildId = new URL('.next/BUILD_ID', root);
  return existsSync(buildId) ? `${pkg.version}+${readFileSync(buildId, 'utf8').trim()}` : pkg.version;
}

export function fleetModule(opts: FleetModuleOptions = {}): BackendModule {
  return {
    name: 'fleet',
    setup(ctx) {
      const reader = fleetReader(
        opts.readerUser ?? 'edgevirt:fleet-reader',
        opts.readerGroups ?? ['edgevirt:viewers'],
      );
      const cache = new FleetCache(ctx, reader, opts);
      const version = opts.version ?? consoleVersion();
      const links = new DisplayLinkStore(opts.displayLinksFile);
      if (!opts.displayLinksFile)
        console.warn(
          'display links are kept in memory only: set --display-links-file to keep them across restarts and replicas',
        );
      /** A display link sees its scope while it is neither revoked nor expired. */
      const displayViewer = (token: string): FleetViewer => {
        const link = links.verify(token);
        if (!link)
          throw new HttpStatusError(
            401,
            'Unauthorized',
            'this display link is not valid (revoked, expired or unknown)',
          );
        return {
          sites: new Set(link.sites.length ? link.sites : ctx.registry.names()),
          valid: () => links.verify(token) !== undefined,
          endReason: 'link-revoked',
        };
      };
      return {
        routes: [
          {
            method: 'GET',
            path: FLEET_STREAM_PATH,
            handle: async (req, res, url) => {
              const token = url.searchParams.get(DISPLAY_PARAM);
              if (token) return serveFleetStream(req, res, cache, displayViewer(token), version);
              const principal = await ctx.auth.principal(req);
              if (!principal || principal.via !== 'session')
                throw new HttpStatusError(401, 'Unauthorized', 'sign in first');
              serveFleetStream(req, res, cache, await sessionViewer(ctx, principal), version);
            },
          },
          ...displayLinkRoutes(links),
          ...heartbeatRoutes((token) => links.verify(token)),
        ],
        close: () => cache.close(),
      };
    },
  };
}
