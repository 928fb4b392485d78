import { readFileSync } from 'node:fs';
import { Agent } from 'node:https';
import { KubeConfig } from '@kubernetes/client-node';
import type { Context } from '@kubernetes/client-node';
import type { SitePlacement } from '../../lib/api/sites';
import { HttpStatusError } from '../http/status';
import { placementsFromKubeconfig } from './placement';

/** TLS settings for dialling one site's API server. */
export interface SiteTls {
  ca?: string | Buffer | (string | Buffer)[];
  cert?: string | Buffer;
  key?: string | Buffer;
  rejectUnauthorized: boolean;
  servername?: string;
}

/** The console's own credentials for a site: TLS plus headers such as `Authorization`. */
export interface SiteCredentials {
  tls: SiteTls;
  headers: Record<string, string>;
}

/** One cluster the console talks to. */
export interface Site {
  /** Context name; what appears in `/k8s/<name>/…`. */
  readonly name: string;
  /** API server URL, e.g. `https://127.0.0.1:6443`. */
  readonly server: string;
  /** Keep-alive agent with the site's TLS settings and the console's client certificate, if any. */
  readonly agent: Agent;
  /**
   * Keep-alive agent that trusts the site's CA but presents no client certificate: used when the
   * request carries the user's own bearer token, so a kubeconfig certificate can never win.
   */
  readonly userAgent: Agent;
  /**
   * Agents of long-lived watches (console's certificate / user's token), apart from the request
   * pools so that watches never take the sockets requests need; watch slots bound them.
   */
  readonly watchAgent: Agent;
  readonly userWatchAgent: Agent;
  /** TLS for a request (identical to the agent's; websockets need it per dial). */
  readonly tls: SiteTls;
  /** Tier, region and labels from the context's `edgevirt.dev/site` extension. */
  readonly placement: SitePlacement;
  /** The console's own identity (kubeconfig user or service account); refreshed when it expires. */
  serviceCredentials(): Promise<SiteCredentials>;
  close(): void;
}

const CREDENTIAL_TTL_MS = 60_000;
/** After a credential failure (an exec plugin that failed), how soon to try again. */
const CREDENTIAL_RETRY_MS = 5_000;
/** Concurrent requests (not watches) to one site per identity kind; more wait in the agent's queue. */
const REQUEST_SOCKETS = 256;

/**
 * Builds a site from one kubeconfig context. client-node resolves every credential form
 * (inline or file certificates, tokens, token files, exec plugins); the result is cached for a
 * minute so rotating tokens (projected SA tokens, exec) are picked up without per-request cost.
 */
export async function siteFromContext(
  kc: KubeConfig,
  ctx: Context,
  tokenOverride?: string,
  placement: SitePlacement = { labels: {} },
): Promise<Site> {
  const cluster = kc.getCluster(ctx.cluster);
  const user = kc.getUser(ctx.user);
  if (!cluster) throw new Error(`kubeconfig context ${ctx.name} names a missing cluster ${ctx.cluster}`);
  const one = new KubeConfig();
  one.loadFromOptions({
    clusters: [cluster],
    users: [user ?? { name: ctx.user }],
    contexts: [ctx],
    currentContext: ctx.name,
  });
  const tlsOf = async (k: KubeConfig): Promise<{ opts: HttpsParts; tls: SiteTls }> => {
    const opts: HttpsParts = {};
    await k.applyToHTTPSOptions(opts as never);
    return {
      opts,
      tls: {
        ca: opts.ca,
        cert: opts.cert,
        key: opts.key,
        rejectUnauthorized: opts.rejectUnauthorized !== false && !cluster.skipTLSVerify,
        servername: cluster.tlsServerName ?? opts.servername,
      },
    };
  };
  const resolve = async (): Promise<SiteCredentials> => {
    const { opts, tls } = await tlsOf(one);
    const headers: Record<string, string> = { ...(opts.headers ?? {}) };
    if (tokenOverride) headers.Authorization = `Bearer ${tokenOverride}`;
    return { tls, headers };
  };
  // A user credential that cannot be had now (an exec plugin whose SSO session expired) must not
  // keep the console from starting: the site is refused in those words until it works again.
  let failure: Error | undefined;
  const first = await resolve().catch(async (err: Error) => {
    failure = err;
    const clusterOnly = new KubeConfig();
    clusterOnly.loadFromOptions({
      clusters: [cluster],
      users: [{ name: ctx.user }],
      contexts: [ctx],
      currentContext: ctx.name,
    });
    return { tls: (await tlsOf(clusterOnly)).tls, headers: {} } as SiteCredentials;
  });
  let cached = first;
  let cachedAt = Date.now();
  let good = failure === undefined;
  const refused = (err: Error) =>
    new HttpStatusError(
      503,
      'ServiceUnavailable',
      `the console's credentials for site "${ctx.name}" failed (kubeconfig user "${ctx.user}"): ${err.message.trim()}`,
    );
  const serviceTls = stripUndefined(first.tls);
  const userTls = stripUndefined({ ...first.tls, cert: undefined, key: undefined });
  const agent = new Agent({ keepAlive: true, maxSockets: REQUEST_SOCKETS, ...serviceTls });
  const userAgent = new Agent({ keepAlive: true, maxSockets: REQUEST_SOCKETS, ...userTls });
  const watchAgent = new Agent({ keepAlive: false, ...serviceTls });
  const userWatchAgent = new Agent({ keepAlive: false, ...userTls });
  return {
    name: ctx.name,
    server: cluster.server.replace(/\/+$/, ''),
    agent,
    userAgent,
    watchAgent,
    userWatchAgent,
    tls: first.tls,
    placement,
    async serviceCredentials() {
      const age = Date.now() - cachedAt;
      if (failure ? age > CREDENTIAL_RETRY_MS : age > CREDENTIAL_TTL_MS) {
        try {
          cached = await resolve();
          failure = undefined;
          good = true;
          cachedAt = Date.now();
        } catch (err) {
          // The last good credentials stay in use (a token outlives its plugin's hiccup) and the
          // refresh is tried again soon; with none ever good, the site is refused in its words.
          if (good) cachedAt = Date.now() - CREDENTIAL_TTL_MS + CREDENTIAL_RETRY_MS;
          else {
            failure = err as Error;
            cachedAt = Date.now();
          }
        }
      }
      if (failure) throw refused(failure);
      return cached;
    },
    close() {
      for (const a of [agent, userAgent, watchAgent, userWatchAgent]) a.destroy();
    },
  };
}

interface HttpsParts {
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
  headers?: Record<string, string>;
  rejectUnauthorized?: boolean;
  servername?: string;
  agent?: unknown;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Where the sites come from. */
export type SiteSource = { kind: 'kubeconfig'; yaml?: string; path?: string } | { kind: 'in-cluster' };

/**
 * Every context of a kubeconfig becomes a site (in file order); in-cluster mode gives one site
 * named `in-cluster` using the pod's service account. `consoleToken` replaces the user
 * credentials with the console's own token (OIDC mode against the lab).
 */
export async function loadSites(
  source: SiteSource,
  consoleToken?: string,
  sitesFile?: { path: string; placements: Map<string, SitePlacement> },
): Promise<Site[]> {
  const kc = new KubeConfig();
  if (source.kind === 'in-cluster') {
    kc.loadFromCluster();
  } else if (source.yaml !== undefined) {
    kc.loadFromString(source.yaml);
  } else if (source.path) {
    kc.loadFromFile(source.path);
  } else {
    kc.loadFromDefault();
  }
  const text =
    source.kind === 'kubeconfig'
      ? (source.yaml ?? (source.path ? readFileSync(source.path, 'utf8') : undefined))
      : undefined;
  const placements = text === undefined ? new Map<string, SitePlacement>() : placementsFromKubeconfig(text);
  const contexts = kc.getContexts();
  const siteName = (context: string) => (source.kind === 'in-cluster' ? 'in-cluster' : context);
  const placement = (context: string) =>
    sitesFile?.placements.get(siteName(context)) ?? placements.get(context);
  const built = await Promise.all(
    contexts.map((ctx) => siteFromContext(kc, ctx, consoleToken, placement(ctx.name))),
  );
  const sites = source.kind === 'in-cluster' ? built.map((s) => ({ ...s, name: 'in-cluster' })) : built;
  const unknown = [...(sitesFile?.placements.keys() ?? [])].filter((n) => !sites.some((s) => s.name === n));
  if (sitesFile && unknown.length) {
    sites.forEach((s) => s.close());
    throw new Error(
      `sites file ${sitesFile.path} names ${unknown.join(', ')}, not a site here (sites: ${sites.map((s) => s.name).join(', ')})`,
    );
  }
  return sites;
}

/**
 * Where a request to a site goes, built from parts: the site's URL and a path the proxy has
 * already checked. The path is sent exactly as given, never re-parsed as a URL (where a `#`
 * or `?` would change its meaning).
 */
export function siteRequestTarget(
  server: string,
  pathAndQuery: string,
): { protocol: string; hostname: string; port: string; path: string } {
  const base = new URL(server);
  return {
    protocol: base.protocol,
    hostname: base.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: base.port,
    path: `${base.pathname.replace(/\/$/, '')}${pathAndQuery}`,
  };
}
