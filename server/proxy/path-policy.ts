import { SITE_PROXY_PREFIX } from '../../lib/k8s/api-path';
import { HttpStatusError } from '../http/status';

/** A Kubernetes API path split the way kube-apiserver's RequestInfo resolver splits it. */
export interface KubePathInfo {
  group: string;
  version: string;
  namespace?: string;
  resource?: string;
  name?: string;
  subresource: string[];
}

/** A proxy request after normalisation. */
export interface ProxyTarget {
  site: string;
  /** Upstream path, still percent-encoded exactly as the browser sent it. */
  path: string;
  /** Query string including `?`, or empty. */
  search: string;
  info?: KubePathInfo;
}

/** Subresources that open a shell, a tunnel or a generic proxy: never reachable through the console. */
const DENIED_SUBRESOURCES = new Set(['exec', 'attach', 'portforward', 'proxy', 'usbredir', 'vsock', 'sshkeys']);
/** Websocket-only subresources; they go through the websocket bridge, never the HTTP proxy. */
export const WEBSOCKET_SUBRESOURCES = new Set(['vnc', 'console']);
const NAMESPACE_SUBRESOURCES = new Set(['status', 'finalize']);
const ROOTS = new Set(['api', 'apis', 'version', 'openapi']);
/** The one form that reaches virt-handler's metrics (TLS on 8443); the bare name would dial port 80. */
const VIRT_HANDLER_POD = /^https:virt-handler-[a-z0-9-]+:8443$/;

/** RFC 3986 pchar (unreserved, pct-encoded, sub-delims, ':', '@') and '/'. */
const PATH_CHARS = /^[A-Za-z0-9\-._~%!$&'()*+,;=:@/]*$/;
/** The same plus '?' (RFC 3986 query); `#` and raw spaces never. */
const QUERY_CHARS = /^[A-Za-z0-9\-._~%!$&'()*+,;=:@/?]*$/;

const forbidden = (msg: string) => new HttpStatusError(403, 'Forbidden', msg);
const bad = (msg: string) => new HttpStatusError(400, 'BadRequest', msg);

/**
 * Normalises and checks `/k8s/<site>/<path>?<query>` from the raw request URL. Refuses anything
 * that could change meaning after decoding (`..`, `.`, `//`, encoded `/` `\` `.` or NUL) rather
 * than trying to clean it up, and every subresource that would open a shell or a tunnel.
 */
export function parseProxyUrl(rawUrl: string, method: string, opts: { websocket?: boolean } = {}): ProxyTarget {
  const q = rawUrl.indexOf('?');
  const rawPath = q < 0 ? rawUrl : rawUrl.slice(0, q);
  const search = q < 0 ? '' : rawUrl.slice(q);
  if (!rawPath.startsWith(SITE_PROXY_PREFIX)) throw bad('not a proxy path');
  // Only what RFC 3986 allows in a path: a `#` would end the path upstream (`…/proxy#` is
  // `…/proxy`), so anything else is refused rather than passed on to be parsed again.
  if (!PATH_CHARS.test(rawPath)) throw bad('characters that are not valid in a URL path are not allowed in proxy paths');
  if (!QUERY_CHARS.test(search)) throw bad('characters that are not valid in a URL query are not allowed');
  if (/%(2f|5c|2e|00)/i.test(rawPath) || rawPath.includes('\\')) throw bad('encoded "/", "\\", "." or NUL is not allowed in proxy paths');
  if (rawPath.includes('//')) throw bad('empty path segments are not allowed');
  const segments = rawPath.slice(SITE_PROXY_PREFIX.length).split('/');
  const decoded = segments.map(decodeSegment);
  if (decoded.some((s) => s === '.' || s === '..')) throw bad('"." and ".." are not allowed in proxy paths');
  const [site, ...rest] = decoded;
  if (!site) throw bad('missing site name');
  if (rest.length === 0 || !rest[0] || !ROOTS.has(rest[0])) throw new HttpStatusError(404, 'NotFound', 'only /api, /apis, /version and /openapi are proxied');
  if (rest[rest.length - 1] === '') rest.pop();
  const path = `/${segments.slice(1).join('/')}`.replace(/\/$/, '') || '/';
  const target: ProxyTarget = { site, path, search };
  if (rest[0] === 'api' || rest[0] === 'apis') {
    target.info = splitKubePath(rest);
    checkSubresource(target.info, method, opts.websocket ?? false);
  }
  return target;
}

function decodeSegment(seg: string): string {
  let s: string;
  try {
    s = decodeURIComponent(seg);
  } catch {
    throw bad('malformed percent-encoding');
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(s)) throw bad('control characters are not allowed in proxy paths');
  return s;
}

/** kube-apiserver's split of `/api/v1/...` or `/apis/<g>/<v>/...` into its parts. */
export function splitKubePath(parts: string[]): KubePathInfo {
  let rest: string[];
  const info: KubePathInfo = { group: '', version: '', subresource: [] };
  if (parts[0] === 'api') {
    info.version = parts[1] ?? '';
    rest = parts.slice(2);
  } else {
    info.group = parts[1] ?? '';
    info.version = parts[2] ?? '';
    rest = parts.slice(3);
  }
  if (rest[0] === 'watch') rest = rest.slice(1);
  if (rest[0] === 'namespaces' && rest.length > 1) {
    info.namespace = rest[1];
    if (rest.length > 2 && !NAMESPACE_SUBRESOURCES.has(rest[2] ?? '')) rest = rest.slice(2);
    else info.namespace = undefined;
  }
  info.resource = rest[0];
  info.name = rest[1];
  info.subresource = rest.slice(2);
  return info;
}

/** The one generic-proxy path the console needs: virt-handler's Prometheus metrics. */
export function isVirtHandlerMetrics(info: KubePathInfo, method: string): boolean {
  return (
    (method === 'GET' || method === 'HEAD') &&
    info.group === '' &&
    info.namespace === 'kubevirt' &&
    info.resource === 'pods' &&
    VIRT_HANDLER_POD.test(info.name ?? '') &&
    info.subresource.length === 2 &&
    info.subresource[0] === 'proxy' &&
    info.subresource[1] === 'metrics'
  );
}

function checkSubresource(info: KubePathInfo, method: string, websocket: boolean): void {
  if (info.resource === 'proxy') throw forbidden('the generic API proxy is not available through the console');
  const sub = info.subresource[0];
  if (!sub) return;
  if (DENIED_SUBRESOURCES.has(sub) && !isVirtHandlerMetrics(info, method)) {
    throw forbidden(`the "${sub}" subresource is not available through the console`);
  }
  if (!websocket && WEBSOCKET_SUBRESOURCES.has(sub) && info.subresource.length === 1) {
    throw bad(`"${sub}" is a websocket subresource; open it with a websocket`);
  }
}

/** Whether the request asks for a watch stream (never buffered, no total timeout). */
export function isWatchRequest(target: ProxyTarget): boolean {
  const params = new URLSearchParams(target.search);
  const watch = params.get('watch');
  return watch === 'true' || watch === '1' || params.get('follow') === 'true' || target.info?.subresource[0] === 'watch' || target.path.includes('/watch/');
}
