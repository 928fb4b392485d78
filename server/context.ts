import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AuditLog } from './audit/audit-log';
import type { AuthService } from './auth/auth-service';
import type { SiteRegistry } from './sites/registry';
import type { SecurityHeaderOptions } from './http/security-headers';
import type { ConsoleLimiter } from './console/console-limit';
import type { WatchSlots } from './sites/watch-slots';
import type { UpgradeRouter } from './ws-bridge/upgrade-router';
import type { ServerMetrics } from './observe/metrics';
import type { Logger } from './observe/logger';

/** Limits and switches every module reads. */
export interface ServerLimits {
  /** Largest request body the proxy forwards (bytes). */
  bodyLimitBytes: number;
  /** Time to the upstream response headers, and the idle limit of non-watch responses. */
  upstreamTimeoutMs: number;
  /** Concurrent console websockets per user. */
  maxConsolesPerUser: number;
  /** Keepalive ping interval on both sides of a bridged websocket. */
  wsPingIntervalMs: number;
  /** Bytes queued towards one side of a bridge before the other side is paused. */
  wsHighWaterBytes: number;
  /** Serial output kept per VM by the serial hub (bytes). */
  serialBufferBytes: number;
  /** How long the serial hub keeps a VM's line after its last viewer left (ms). */
  serialLingerMs: number;
  /** Time a client has to send a request's headers; a slow-header client is answered 408 then. */
  headersTimeoutMs: number;
  /** Open upstream watches one user may hold on one site (every socket and tab together). */
  maxWatchesPerUserPerSite: number;
  /** Open upstream watches the console keeps to one site, all users together. */
  maxWatchesPerSite: number;
  /** Failed sign-ins one client address may make per minute before it gets 429. */
  signInFailuresPerMinute: number;
}

/** What the backend's modules share; one per running server. */
export interface ServerContext {
  registry: SiteRegistry;
  auth: AuthService;
  audit: AuditLog;
  upgrades: UpgradeRouter;
  /** Per-user console slots, shared by every console route (bridge and serial hub). */
  consoles: ConsoleLimiter;
  /** Per-site and per-user upstream watch slots, shared by the multiplexer and the proxy. */
  watchSlots: WatchSlots;
  limits: ServerLimits;
  /** Trust X-Forwarded-Proto/Host from a reverse proxy. */
  trustProxy: boolean;
  /** Extra origins treated as our own (the public URL behind a proxy). */
  publicOrigins: string[];
  /** Host names served besides IP literals and localhost (DNS-rebinding guard; see isAllowedHost). */
  allowedHosts: string[];
  security: SecurityHeaderOptions;
  metrics: ServerMetrics;
  log: Logger;
}

/**
 * An HTTP route of the backend. `path` is an exact path, a prefix ending in `/`, or a test
 * function; `method` '*' matches any method. Throw `HttpStatusError` to answer with a Status.
 */
export interface Route {
  method: string | string[];
  path: string | ((pathname: string, url: URL) => boolean);
  /** The route's label in metrics and logs when `path` is a function (bounded, never the raw path). */
  name?: string;
  handle(req: IncomingMessage, res: ServerResponse, url: URL, ctx: ServerContext): Promise<void> | void;
}

/**
 * A backend module: gets the context once at start, returns its routes, and may register
 * upgrade routes and upgrade authenticators on `ctx.upgrades` / `ctx.auth`.
 */
export interface BackendModule {
  name: string;
  setup(ctx: ServerContext): { routes?: Route[]; close?(): Promise<void> | void };
}
