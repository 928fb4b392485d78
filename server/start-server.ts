import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SESSION_API } from '../lib/api/session';
import { createAuditLog } from './audit/audit-log';
import { AuthService } from './auth/auth-service';
import { serviceIdentity } from './auth/self-subject-review';
import type { OidcOptions } from './auth/oidc';
import type { SignInMode } from './auth/types';
import { SiteRegistry, type RegistryOptions } from './sites/registry';
import { loadSites } from './sites/site';
import { placementsFromSitesFile } from './sites/placement';
import type { BackendModule, Route, ServerContext, ServerLimits } from './context';
import { startEmbeddedLab, type LabHandle, type LabStartOptions } from './embedded-lab';
import { isAllowedHost, isSecureRequest } from './http/origin';
import { WatchSlots } from './sites/watch-slots';
import { applySecurityHeaders, contentSecurityPolicy } from './http/security-headers';
import { HttpStatusError, sendJson } from './http/status';
import { failureStatus } from '../lib/k8s/types';
import { SITE_PROXY_PREFIX } from '../lib/k8s/api-path';
import { attachNext, type NextHandlers } from './next-app';
import { backendModules } from './routes';
import type { FleetModuleOptions } from './fleet/fleet-module';
import type { MigrationModuleOptions } from './migrations/progress-module';
import type { UploadModuleOptions } from './uploads/upload-module';
import type { Bridge } from './ws-bridge/bridge-sockets';
import { ConsoleLimiter } from './console/console-limit';
import { DEFAULT_SERIAL_BUFFER_BYTES, DEFAULT_SERIAL_LINGER_MS } from './console/serial-hub';
import { UpgradeRouter } from './ws-bridge/upgrade-router';
import type { BridgeSet } from './console/vmi-socket-route';
import { createLogger, requestLogger, type LogOptions } from './observe/logger';
import { metricsModule, ServerMetrics } from './observe/metrics';

export interface StartServerOptions {
  host?: string;
  /** 0 lets the OS pick (tests). */
  port?: number;
  /** Host the Next.js app (default true); `dev` runs `next dev` with hot reload. */
  next?: boolean;
  dev?: boolean;
  /** Path of a kubeconfig file (every context is a site). */
  kubeconfig?: string;
  /** kubeconfig YAML text instead of a path. */
  kubeconfigYaml?: string;
  /** Use the pod's service account (one site, `in-cluster`). */
  inCluster?: boolean;
  /** A sites file: tier, region and labels per site, over the kubeconfig's extensions. */
  sitesFile?: string;
  /** Start the embedded lab (default: when no kubeconfig is given). Options are passed to startLab. */
  lab?: boolean | LabStartOptions;
  auth?: SignInMode;
  oidc?: OidcOptions;
  /** Required in token and oidc modes (≥32 chars); random per process in local mode. */
  sessionSecret?: string;
  sessionTtlSeconds?: number;
  /** Signed-out sessions, in a file every replica shares (default: this process only). */
  revocationsFile?: string;
  /** Console identity token used with impersonation (OIDC); default: the kubeconfig user's. */
  consoleToken?: string;
  auditLog?: string;
  /** Origins that may frame `/embed/*`. */
  frameAncestors?: string[];
  trustProxy?: boolean;
  publicOrigins?: string[];
  /** Host names served besides IP literals, localhost and the public origins' hosts. */
  allowedHosts?: string[];
  limits?: Partial<ServerLimits>;
  probe?: RegistryOptions;
  /** The fleet cache and summary stream (reader identity, coalescing, version). */
  fleet?: FleetModuleOptions;
  /** Structured JSON logs (pino): level and destination; silent unless asked. */
  log?: LogOptions;
  /** Bearer token `/metrics` requires; open when unset. */
  metricsToken?: string;
  /** Migration progress: Prometheus per site, sample period. */
  migrations?: MigrationModuleOptions;
  /** Staging of resumable uploads (folder, size limit, per-user quota, expiry). */
  uploads?: UploadModuleOptions;
  /** Extra backend modules (after the built-in ones). */
  modules?: BackendModule[];
}

export interface RunningServer {
  url: string;
  /** Local mode: the one-time sign-in link. OIDC: the login route. */
  signInUrl?: string;
  lab?: LabHandle;
  context: ServerContext;
  /** Open VNC/serial bridges (for tests and benchmarks: queue sizes, counts). */
  bridges(): Bridge[];
  close(): Promise<void>;
}

export const DEFAULT_LIMITS: ServerLimits = {
  bodyLimitBytes: 3 * 1024 * 1024,
  upstreamTimeoutMs: 30_000,
  maxConsolesPerUser: 8,
  wsPingIntervalMs: 15_000,
  wsHighWaterBytes: 1024 * 1024,
  serialBufferBytes: DEFAULT_SERIAL_BUFFER_BYTES,
  serialLingerMs: DEFAULT_SERIAL_LINGER_MS,
  maxWatchesPerUserPerSite: 128,
  maxWatchesPerSite: 1024,
  signInFailuresPerMinute: 10,
  headersTimeoutMs: 10_000,
};

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

/** Starts the console server: clusters, sign-in, backend routes, websocket bridge and (optionally) Next.js. */
export async function startServer(opts: StartServerOptions = {}): Promise<RunningServer> {
  const host = opts.host ?? '127.0.0.1';
  const mode = opts.auth ?? 'local';
  if (mode === 'local' && !LOOPBACK.has(host))
    throw new Error(
      'local sign-in mode listens on loopback only; use --auth token or oidc to listen on other addresses',
    );
  // Sign-in settings are checked before anything starts (a missing secret is a config error).
  const auth = new AuthService({
    mode,
    sessionSecret: opts.sessionSecret,
    sessionTtlSeconds: opts.sessionTtlSeconds,
    trustProxy: opts.trustProxy,
    oidc: opts.oidc,
    revocationsFile: opts.revocationsFile,
  });
  const useLab =
    opts.lab ?? (!opts.kubeconfig && !opts.kubeconfigYaml && !opts.inCluster && !process.env.KUBECONFIG);
  const lab = useLab
    ? await startEmbeddedLab({ host: '127.0.0.1', ...(typeof opts.lab === 'object' ? opts.lab : {}) })
    : undefined;
  try {
    return await startWith(opts, host, auth, lab);
  } catch (err) {
    await lab?.stop();
    throw err;
  }
}

async function startWith(
  opts: StartServerOptions,
  host: string,
  auth: AuthService,
  lab: LabHandle | undefined,
): Promise<RunningServer> {
  const mode = auth.mode;
  const consoleToken = opts.consoleToken ?? (lab && mode === 'oidc' ? lab.tokens.console : undefined);
  const source = opts.inCluster
    ? ({ kind: 'in-cluster' } as const)
    : { kind: 'kubeconfig' as const, yaml: lab?.kubeconfig ?? opts.kubeconfigYaml, path: opts.kubeconfig };
  const sitesFile = opts.sitesFile
    ? { path: opts.sitesFile, placements: placementsFromSitesFile(readFileSync(opts.sitesFile, 'utf8'), opts.sitesFile) }
    : undefined;
  const registry = new SiteRegistry(await loadSites(source, consoleToken, sitesFile), opts.probe);
  const limits = { ...DEFAULT_LIMITS, ...opts.limits };
  const dev = opts.dev ?? false;
  const consoles = new ConsoleLimiter(limits.maxConsolesPerUser);
  const watchSlots = new WatchSlots(limits.maxWatchesPerUserPerSite, limits.maxWatchesPerSite);
  const ctx: ServerContext = {
    registry,
    auth,
    audit: createAuditLog(opts.auditLog),
    upgrades: new UpgradeRouter(),
    consoles,
    watchSlots,
    limits,
    trustProxy: opts.trustProxy ?? false,
    publicOrigins: (opts.publicOrigins ?? []).map((o) => new URL(o).origin.toLowerCase()),
    allowedHosts: [
      ...(opts.allowedHosts ?? []),
      ...(opts.publicOrigins ?? []).map((o) => new URL(o).hostname),
      host,
    ].map((h) => h.toLowerCase()),
    security: {
      dev,
      embedFrameAncestors: opts.frameAncestors ?? [],
      formActionOrigins: auth.oidc ? [auth.oidc.issuerOrigin] : [],
    },
    metrics: new ServerMetrics({
      openConsoles: () => consoles.total(),
      openWatches: () => watchSlots.openPerSite(),
    }),
    log: createLogger(opts.log),
  };
  const logRequest = requestLogger(ctx.log, ctx.trustProxy);
  const bridges: BridgeSet = new Set();
  const modules = [
    metricsModule(opts.metricsToken),
    ...backendModules({ bridges, fleet: opts.fleet, migrations: opts.migrations, uploads: opts.uploads }),
    ...(opts.modules ?? []),
  ].map((m) => m.setup(ctx));
  const routes = modules.flatMap((m) => m.routes ?? []);
  let nextHandlers: NextHandlers | undefined;
  // Slow-header clients (slowloris) are cut after headersTimeoutMs: Node checks every interval.
  const server = createServer(
    {
      headersTimeout: limits.headersTimeoutMs,
      connectionsCheckingInterval: Math.min(1000, limits.headersTimeoutMs),
    },
    (req, res) => {
      logRequest(req, res);
      void dispatch(req, res, ctx, routes, () => nextHandlers);
    },
  );
  server.on('upgrade', (req, socket, head) => void ctx.upgrades.handle(req, socket, head, ctx));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 3000, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  await registry.start();
  if (mode === 'local') await learnLocalIdentity(ctx);
  if (opts.next !== false) {
    nextHandlers = await attachNext({ dev, hostname: host, port });
    if (dev)
      ctx.upgrades.fallback = (req, socket, head) =>
        req.url?.startsWith('/_next/') ? nextHandlers?.upgrade(req, socket, head) : socket.destroy();
  }
  const signInUrl =
    mode === 'local'
      ? `${url}/?token=${auth.issueLinkToken()}`
      : mode === 'oidc'
        ? `${url}${SESSION_API.oidcLogin}`
        : undefined;
  return {
    url,
    signInUrl,
    lab,
    context: ctx,
    bridges: () => [...bridges],
    close: () => closeAll(server, ctx, modules, nextHandlers, lab),
  };
}

async function closeAll(
  server: Server,
  ctx: ServerContext,
  modules: ReturnType<BackendModule['setup']>[],
  next: NextHandlers | undefined,
  lab: LabHandle | undefined,
): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  for (const m of modules) await m.close?.();
  server.closeIdleConnections();
  setTimeout(() => server.closeAllConnections(), 1000).unref();
  await closed;
  ctx.registry.close();
  await ctx.audit.close();
  await next?.close();
  await lab?.stop();
}

/** Local mode acts with the kubeconfig's credentials: ask the first reachable site who that is. */
async function learnLocalIdentity(ctx: ServerContext): Promise<void> {
  for (const status of ctx.registry.statuses()) {
    const site = ctx.registry.get(status.name);
    if (!site || status.status === 'unreachable') continue;
    const r = await serviceIdentity(site).catch(() => undefined);
    if (r?.ok) {
      ctx.auth.setLocalIdentity(r.user);
      return;
    }
  }
}

function matches(route: Route, method: string, pathname: string, url: URL): boolean {
  const methods = Array.isArray(route.method) ? route.method : [route.method];
  if (!methods.includes('*') && !methods.includes(method)) return false;
  if (typeof route.path === 'function') return route.path(pathname, url);
  return route.path === pathname;
}

/**
 * One request: security headers, then the first backend route whose method and raw path match
 * (raw, so `/k8s/x/../../healthz` reaches the proxy's checks and is refused, not normalised
 * into another route), else Next.js, else 404.
 */
/** Kubelet probes call these by pod IP or any name; they read nothing. */
const PROBE_PATHS = new Set(['/healthz', '/readyz']);

/** Why a request to an unknown Host name is refused, and how to allow it. */
function hostRefused(req: IncomingMessage): HttpStatusError {
  const host = String(req.headers.host ?? '').slice(0, 100);
  return new HttpStatusError(
    403,
    'Forbidden',
    `host ${JSON.stringify(host)} is not served here (DNS-rebinding guard); add it with --allowed-hosts or --public-origin`,
  );
}

async function dispatch(
  req: IncomingMessage,
  res: ServerResponse,
  ctx: ServerContext,
  routes: Route[],
  next: () => NextHandlers | undefined,
): Promise<void> {
  const raw = req.url ?? '/';
  const pathname = raw.split('?')[0] ?? '/';
  const url = new URL(`http://internal${raw.startsWith('/') ? '' : '/'}${raw}`);
  const nonce = randomBytes(16).toString('base64');
  applySecurityHeaders(res, pathname, nonce, ctx.security, isSecureRequest(req, ctx.trustProxy));
  const method = req.method ?? 'GET';
  let label = 'none';
  res.on('close', () => ctx.metrics.request(label, method, res.statusCode));
  try {
    if (!PROBE_PATHS.has(pathname) && !isAllowedHost(req, ctx.trustProxy, ctx.allowedHosts))
      throw hostRefused(req);
    const route = routes.find((r) => matches(r, method, pathname, url));
    if (route) {
      label = typeof route.path === 'string' ? route.path : (route.name ?? 'unnamed');
      await route.handle(req, res, url, ctx);
      return;
    }
    const handlers = next();
    if (handlers && !pathname.startsWith('/api/') && !pathname.startsWith(SITE_PROXY_PREFIX)) {
      // Next reads the nonce from the request's CSP header and stamps it on its inline scripts.
      label = 'next';
      req.headers['content-security-policy'] = contentSecurityPolicy(pathname, nonce, ctx.security);
      await handlers.request(req, res);
      return;
    }
    throw new HttpStatusError(404, 'NotFound', `no route for ${method} ${pathname}`);
  } catch (err) {
    if (err instanceof HttpStatusError) {
      sendJson(res, err.code, err.toStatus());
      return;
    }
    ctx.log.error({ err, method, route: label }, 'request failed');
    sendJson(res, 500, failureStatus(500, 'InternalError', 'internal error'));
  }
}
