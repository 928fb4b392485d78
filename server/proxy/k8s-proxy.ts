import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import { request } from 'node:https';
import { upstreamIdentity } from '../sites/upstream-identity';
import type { Principal } from '../auth/types';
import type { ServerContext } from '../context';
import {
  acceptsGzip,
  compressible,
  encoder,
  gunzip,
  MIN_COMPRESS_BYTES,
  negotiateCoding,
} from '../http/compression';
import { clientAddress, isSameOrigin } from '../http/origin';
import { HttpStatusError, sendStatus } from '../http/status';
import { downstreamResponseHeaders, upstreamRequestHeaders } from './headers';
import { isWatchRequest, parseProxyUrl, type ProxyTarget } from './path-policy';
import { SITE_PROXY_PREFIX } from '../../lib/k8s/api-path';
import { siteRequestTarget } from '../sites/site';

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE']);
const SAFE = new Set(['GET', 'HEAD']);

/** Refuses a state-changing request that is cross-origin or lacks the session's CSRF token. */
export function checkMutation(req: IncomingMessage, ctx: ServerContext, principal: Principal): void {
  if (!isSameOrigin(req, ctx.trustProxy, ctx.publicOrigins))
    throw new HttpStatusError(403, 'Forbidden', 'cross-origin request refused');
  const token = req.headers['x-csrf-token'];
  if (!principal.csrfToken || token !== principal.csrfToken)
    throw new HttpStatusError(403, 'Forbidden', 'missing or wrong x-csrf-token header');
}

/**
 * `/k8s/<site>/<Kubernetes path>`: checks the path, the session and (for writes) Origin and
 * CSRF, then streams the request to the site as the signed-in user and streams the answer back.
 * Watches are piped chunk by chunk with no total timeout.
 */
export async function handleProxy(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  ctx: ServerContext,
): Promise<void> {
  try {
    await proxyRequest(req, res, url, ctx);
  } catch (err) {
    // Refusals of writes are audited too (forwarded writes are audited when they finish).
    if (err instanceof HttpStatusError && !SAFE.has(req.method ?? 'GET')) auditRefusal(req, ctx, err);
    throw err;
  }
}

function auditRefusal(req: IncomingMessage, ctx: ServerContext, err: HttpStatusError): void {
  const raw = (req.url ?? '/').split('?')[0] ?? '/';
  const [site = '', ...rest] = raw.slice(SITE_PROXY_PREFIX.length).split('/');
  void ctx.auth.principal(req).then((p) =>
    ctx.audit.write({
      type: 'request',
      user: p?.user.username ?? '(anonymous)',
      site,
      verb: req.method ?? '',
      resource: `/${rest.join('/')}`,
      status: err.code,
      detail: err.message,
      remote: req.socket.remoteAddress,
    }),
  );
}

async function proxyRequest(
  req: IncomingMessage,
  res: ServerResponse,
  _url: URL,
  ctx: ServerContext,
): Promise<void> {
  const method = req.method ?? 'GET';
  if (!METHODS.has(method))
    throw new HttpStatusError(405, 'MethodNotAllowed', `${method} is not supported by the proxy`);
  const target = parseProxyUrl(req.url ?? '/', method);
  const principal = await ctx.auth.principal(req);
  if (!principal) throw new HttpStatusError(401, 'Unauthorized', 'sign in first');
  if (!SAFE.has(method)) checkMutation(req, ctx, principal);
  const site = ctx.registry.get(target.site);
  if (!site) throw new HttpStatusError(404, 'NotFound', `site "${target.site}" not found`);
  const limit = ctx.limits.bodyLimitBytes;
  if (Number(req.headers['content-length'] ?? 0) > limit) {
    res.setHeader('connection', 'close');
    throw new HttpStatusError(413, 'RequestEntityTooLarge', `request body larger than ${limit} bytes`);
  }
  const watch = isWatchRequest(target);
  const identity = await upstreamIdentity(site, principal, watch ? 'watch' : 'request');
  const release = watch ? ctx.watchSlots.acquire(target.site, principal.user.username) : undefined;
  if (release) res.on('close', release);
  // Always gzip from the site (kube-apiserver compresses answers over 128 KiB): the link to an
  // edge site is the slow one. What the browser gets is decided in encodeForBrowser.
  const headers = { ...upstreamRequestHeaders(req.headers, identity.headers), 'accept-encoding': 'gzip' };
  await forward(req, res, ctx, { target, server: site.server, agent: identity.agent, headers, principal });
}

/**
 * The body as the browser should get it: a site's gzip passed through when the browser takes
 * gzip (unzipped when not), an uncompressed text body compressed (br or gzip, as negotiated;
 * watches flushed per chunk), anything else untouched. Adjusts `headers` to match.
 */
function encodeForBrowser(
  req: IncomingMessage,
  ures: IncomingMessage,
  headers: OutgoingHttpHeaders,
  watch: boolean,
): Readable {
  const status = ures.statusCode ?? 502;
  if (req.method === 'HEAD' || status === 204 || status === 304) return ures;
  headers.vary = headers.vary ? `${String(headers.vary)}, Accept-Encoding` : 'Accept-Encoding';
  const upstreamCoding = String(ures.headers['content-encoding'] ?? '').toLowerCase();
  if (upstreamCoding === 'gzip') {
    if (acceptsGzip(req.headers)) return ures;
    delete headers['content-encoding'];
    delete headers['content-length'];
    return ures.pipe(gunzip());
  }
  if (upstreamCoding && upstreamCoding !== 'identity') return ures;
  const coding = negotiateCoding(req.headers);
  const length = Number(ures.headers['content-length'] ?? Number.POSITIVE_INFINITY);
  if (coding === 'identity' || !compressible(ures.headers['content-type']) || length < MIN_COMPRESS_BYTES)
    return ures;
  headers['content-encoding'] = coding;
  delete headers['content-length'];
  return ures.pipe(encoder(coding, watch));
}

interface ForwardPlan {
  target: ProxyTarget;
  server: string;
  agent: import('node:https').Agent;
  headers: OutgoingHttpHeaders;
  principal: Principal;
}

function forward(
  req: IncomingMessage,
  res: ServerResponse,
  ctx: ServerContext,
  plan: ForwardPlan,
): Promise<void> {
  const started = performance.now();
  const remote = clientAddress(req, ctx.trustProxy);
  const method = req.method ?? 'GET';
  const watch = isWatchRequest(plan.target);
  const timeoutMs = ctx.limits.upstreamTimeoutMs;
  let bytesIn = 0;
  let bytesOut = 0;
  let failure: HttpStatusError | undefined;
  return new Promise<void>((resolve) => {
    const upstream = request({
      ...siteRequestTarget(plan.server, plan.target.path + plan.target.search),
      method,
      agent: plan.agent,
      headers: plan.headers,
    });
    const fail = (err: HttpStatusError) => {
      failure ??= err;
      upstream.destroy();
      if (!res.headersSent) sendStatus(res, err.code, err.reason, err.message);
      else res.destroy();
    };
    // Until the response headers arrive every request has a deadline; afterwards only
    // non-watch responses have an idle limit (a quiet watch is healthy).
    const headerTimer = setTimeout(
      () =>
        fail(
          new HttpStatusError(
            504,
            'Timeout',
            `site "${plan.target.site}" did not answer within ${timeoutMs} ms`,
          ),
        ),
      timeoutMs,
    );
    upstream.on('response', (ures) => {
      clearTimeout(headerTimer);
      ctx.registry.noteAnswered(plan.target.site);
      ctx.metrics.upstreamResponse(plan.target.site, (performance.now() - started) / 1000);
      if (!watch)
        ures.setTimeout(timeoutMs, () =>
          fail(new HttpStatusError(504, 'Timeout', 'upstream response stalled')),
        );
      const headers = downstreamResponseHeaders(ures.headers);
      const body = encodeForBrowser(req, ures, headers, watch);
      res.writeHead(ures.statusCode ?? 502, headers);
      if (watch) {
        res.flushHeaders();
        res.socket?.setNoDelay(true);
      }
      ures.on('data', (c: Buffer) => (bytesOut += c.length));
      body.pipe(res);
      ures.on('error', () => res.destroy());
      body.on('error', () => res.destroy());
    });
    upstream.on('error', (err) => {
      clearTimeout(headerTimer);
      if (failure) return;
      ctx.registry.probeNow(plan.target.site);
      fail(
        new HttpStatusError(
          502,
          'ServiceUnavailable',
          `site "${plan.target.site}" unreachable: ${err.message}`,
        ),
      );
    });
    req.on('data', (c: Buffer) => {
      bytesIn += c.length;
      if (bytesIn > ctx.limits.bodyLimitBytes) {
        req.unpipe(upstream);
        res.setHeader('connection', 'close');
        fail(
          new HttpStatusError(
            413,
            'RequestEntityTooLarge',
            `request body larger than ${ctx.limits.bodyLimitBytes} bytes`,
          ),
        );
      }
    });
    req.pipe(upstream);
    res.on('close', () => {
      clearTimeout(headerTimer);
      if (!res.writableFinished) upstream.destroy();
      ctx.metrics.proxiedBytes(plan.target.site, 'up', bytesIn);
      ctx.metrics.proxiedBytes(plan.target.site, 'down', bytesOut);
      if (!SAFE.has(method)) {
        ctx.audit.write({
          type: 'request',
          user: plan.principal.user.username,
          groups: plan.principal.user.groups,
          site: plan.target.site,
          verb: method,
          resource: plan.target.path,
          status: failure?.code ?? res.statusCode,
          bytesIn,
          bytesOut,
          durationMs: Math.round(performance.now() - started),
          remote,
        });
      }
      resolve();
    });
  });
}
