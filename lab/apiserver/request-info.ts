/** What a request addresses, as kube-apiserver's RequestInfoFactory derives it from the path. */
export interface RequestInfo {
  isResource: boolean;
  path: string;
  verb: string;
  group: string;
  version: string;
  namespace?: string;
  resource?: string;
  name?: string;
  /** `status`, `proxy`, … ; subresources.kubevirt.io paths may have two segments (`vnc/screenshot`). */
  subresource?: string;
  /** Path segments after a `proxy` subresource. */
  rest?: string[];
}

const NAMESPACE_SUBRESOURCES = new Set(['status', 'finalize']);

function splitPath(path: string): string[] | undefined {
  try {
    return path.split('/').filter(Boolean).map(decodeURIComponent);
  } catch {
    return undefined;
  }
}

/** Derives the verb from method, name and `watch` flag. */
function verbOf(method: string, hasName: boolean, watch: boolean): string {
  switch (method) {
    case 'GET':
    case 'HEAD':
      if (watch) return 'watch';
      return hasName ? 'get' : 'list';
    case 'POST': return 'create';
    case 'PUT': return 'update';
    case 'PATCH': return 'patch';
    case 'DELETE': return hasName ? 'delete' : 'deletecollection';
    default: return method.toLowerCase();
  }
}

/** Parses `/api/v1/...` and `/apis/<g>/<v>/...`; anything else is a non-resource request. */
export function requestInfo(method: string, path: string, query: URLSearchParams): RequestInfo {
  const parts = splitPath(path);
  const nonResource: RequestInfo = { isResource: false, path, verb: method === 'HEAD' ? 'get' : method.toLowerCase(), group: '', version: '' };
  if (!parts) return nonResource;
  let rest: string[];
  let group = '';
  let version = '';
  if (parts[0] === 'api' && parts.length >= 3) {
    version = parts[1] ?? '';
    rest = parts.slice(2);
  } else if (parts[0] === 'apis' && parts.length >= 4) {
    group = parts[1] ?? '';
    version = parts[2] ?? '';
    rest = parts.slice(3);
  } else return nonResource;
  const info: RequestInfo = { isResource: true, path, verb: '', group, version };
  if (rest[0] === 'namespaces') {
    if (rest.length > 1) {
      info.namespace = rest[1];
      if (rest.length > 2 && !NAMESPACE_SUBRESOURCES.has(rest[2] ?? '')) rest = rest.slice(2);
    }
  }
  info.resource = rest[0];
  if (rest.length > 1) info.name = rest[1];
  if (rest.length > 2) {
    info.subresource = rest[2];
    if (rest.length > 3) info.rest = rest.slice(3);
  }
  // `/api/v1/namespaces/foo` addresses the namespace object itself.
  if (info.resource === 'namespaces' && info.namespace !== undefined && rest[0] === 'namespaces') {
    info.name = info.namespace;
    info.subresource = rest[2];
    info.namespace = undefined;
    if (info.name !== undefined) info.namespace = info.name;
  }
  const watch = query.get('watch') === 'true' || query.get('watch') === '1';
  info.verb = verbOf(method, info.name !== undefined, watch);
  return info;
}
