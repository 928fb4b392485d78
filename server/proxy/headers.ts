import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';

/**
 * Request headers passed from the browser to a cluster. An allow-list, so the browser's
 * Authorization, Impersonate-*, Cookie, X-Forwarded-* and hop-by-hop headers never go upstream.
 */
const FORWARDED_REQUEST_HEADERS = [
  'accept',
  'accept-encoding',
  'accept-language',
  'content-type',
  'content-length',
  'content-encoding',
  'if-match',
  'if-none-match',
  'if-modified-since',
  'user-agent',
  'x-request-id',
];

/**
 * Response headers passed back from a cluster: an allow-list of what kube-apiserver and its
 * proxied endpoints send that a browser needs. Everything else (cookies, HSTS, CSP, framing,
 * hop-by-hop, Alt-Svc, whatever an aggregated API or a pod behind a proxy adds) stays out.
 */
const PASSED_RESPONSE_HEADERS = new Set([
  'content-type',
  'content-length',
  'content-encoding',
  'content-disposition',
  'cache-control',
  'date',
  'etag',
  'last-modified',
  'expires',
  'vary',
  'retry-after',
  'warning',
  'audit-id',
  'x-kubernetes-pf-flowschema-uid',
  'x-kubernetes-pf-prioritylevel-uid',
]);

/** Upstream request headers: the allow-listed browser headers plus the identity headers. */
export function upstreamRequestHeaders(incoming: IncomingHttpHeaders, identity: Record<string, string | string[]>): OutgoingHttpHeaders {
  const out: OutgoingHttpHeaders = {};
  const connectionListed = connectionTokens(incoming);
  for (const name of FORWARDED_REQUEST_HEADERS) {
    const v = incoming[name];
    if (v !== undefined && !connectionListed.has(name)) out[name] = v;
  }
  return { ...out, ...identity };
}

/** Response headers to pass to the browser. */
export function downstreamResponseHeaders(upstream: IncomingHttpHeaders): OutgoingHttpHeaders {
  const out: OutgoingHttpHeaders = {};
  const connectionListed = connectionTokens(upstream);
  for (const [name, v] of Object.entries(upstream)) {
    if (v === undefined || !PASSED_RESPONSE_HEADERS.has(name) || connectionListed.has(name)) continue;
    out[name] = v;
  }
  return out;
}

/** Headers named in `Connection` are hop-by-hop too. */
function connectionTokens(h: IncomingHttpHeaders): Set<string> {
  const v = h.connection;
  return new Set((v ?? '').split(',').map((t) => t.trim().toLowerCase()).filter(Boolean));
}
