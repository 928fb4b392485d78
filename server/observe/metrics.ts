import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { BackendModule } from '../context';
import { HttpStatusError } from '../http/status';

/** What the gauges read when Prometheus scrapes: counts the server keeps anyway. */
export interface MetricSources {
  /** Open console sessions (VNC, serial), all users together. */
  openConsoles(): number;
  /** Open upstream watches per site (proxy watches and multiplexer watches). */
  openWatches(): Map<string, number>;
}

/** Where a websocket paused its producer because the receiver was slow. */
export type BackpressureKind = 'console' | 'watch-mux';

/**
 * The server's Prometheus metrics, one registry per running server (tests start several in one
 * process, so nothing goes to prom-client's global registry). Labels are bounded: a route label
 * is the matched route, never the raw path; sites come from the configuration.
 */
export class ServerMetrics {
  readonly registry = new Registry();
  private readonly requests = new Counter({
    name: 'edgevirt_http_requests_total',
    help: 'HTTP requests answered, by route and status code',
    labelNames: ['route', 'method', 'code'] as const,
    registers: [this.registry],
  });
  private readonly upstreamSeconds = new Histogram({
    name: 'edgevirt_upstream_response_seconds',
    help: "Time to a site's response headers for proxied requests (watches: to the stream's start)",
    labelNames: ['site'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });
  private readonly bodyBytes = new Counter({
    name: 'edgevirt_proxy_body_bytes_total',
    help: 'Request body bytes sent to a site (direction="up": writes and uploads) and response bytes read from it ("down")',
    labelNames: ['site', 'direction'] as const,
    registers: [this.registry],
  });
  private readonly uploadBytesTotal = new Counter({
    name: 'edgevirt_upload_bytes_total',
    help: 'Upload bytes: staged on this replica from browsers (stage="staged") and sent from it to a site\'s CDI upload proxy ("sent")',
    labelNames: ['site', 'stage'] as const,
    registers: [this.registry],
  });
  private readonly pauses = new Counter({
    name: 'edgevirt_websocket_backpressure_events_total',
    help: 'Times a websocket producer was paused because the receiving side had too much queued',
    labelNames: ['kind'] as const,
    registers: [this.registry],
  });

  constructor(sources: MetricSources) {
    collectDefaultMetrics({ register: this.registry, prefix: 'edgevirt_' });
    new Gauge({
      name: 'edgevirt_open_consoles',
      help: 'Open console sessions (VNC and serial viewers)',
      registers: [this.registry],
      collect() {
        this.set(sources.openConsoles());
      },
    });
    new Gauge({
      name: 'edgevirt_open_watches',
      help: 'Open upstream watches per site (users’ watches through the proxy and the multiplexer)',
      labelNames: ['site'] as const,
      registers: [this.registry],
      collect() {
        this.reset();
        for (const [site, n] of sources.openWatches()) this.set({ site }, n);
      },
    });
  }

  request(route: string, method: string, code: number): void {
    this.requests.inc({ route, method, code: String(code) });
  }

  upstreamResponse(site: string, seconds: number): void {
    this.upstreamSeconds.observe({ site }, seconds);
  }

  proxiedBytes(site: string, direction: 'up' | 'down', bytes: number): void {
    if (bytes > 0) this.bodyBytes.inc({ site, direction }, bytes);
  }

  uploadBytes(site: string, stage: 'staged' | 'sent', bytes: number): void {
    if (bytes > 0) this.uploadBytesTotal.inc({ site, stage }, bytes);
  }

  backpressure(kind: BackpressureKind): void {
    this.pauses.inc({ kind });
  }
}

/** `Authorization: Bearer <token>` equals the expected token (constant time). */
function bearerMatches(req: IncomingMessage, expected: string): boolean {
  const m = /^Bearer\s+(\S+)$/i.exec(String(req.headers.authorization ?? ''));
  if (!m?.[1]) return false;
  const given = Buffer.from(m[1]);
  const want = Buffer.from(expected);
  return given.length === want.length && timingSafeEqual(given, want);
}

async function serveMetrics(
  req: IncomingMessage,
  res: ServerResponse,
  metrics: ServerMetrics,
  token: string | undefined,
): Promise<void> {
  if (token !== undefined && !bearerMatches(req, token)) {
    res.setHeader('www-authenticate', 'Bearer realm="metrics"');
    throw new HttpStatusError(
      401,
      'Unauthorized',
      '/metrics needs the bearer token given with --metrics-token-file',
    );
  }
  const body = await metrics.registry.metrics();
  res.writeHead(200, { 'content-type': metrics.registry.contentType, 'cache-control': 'no-store' });
  res.end(req.method === 'HEAD' ? undefined : body);
}

/** `GET /metrics` in Prometheus text format; open unless a token is configured. */
export function metricsModule(token: string | undefined): BackendModule {
  return {
    name: 'metrics',
    setup: () => ({
      routes: [
        {
          method: ['GET', 'HEAD'],
          path: '/metrics',
          handle: (req, res, _url, ctx) => serveMetrics(req, res, ctx.metrics, token),
        },
      ],
    }),
  };
}
