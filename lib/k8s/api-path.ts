/**
 * The one place Kubernetes API paths are built. Every segment is percent-encoded, so a name
 * can never smuggle a `/` or `..` into the path.
 */
export interface GroupVersionResource {
  group: string;
  version: string;
  resource: string;
}

export interface ApiPathOptions {
  namespace?: string;
  name?: string;
  subresource?: string;
}

const enc = encodeURIComponent;

/** `/api/v1` for the core group, `/apis/<group>/<version>` otherwise. */
export function groupVersionPath(group: string, version: string): string {
  return group ? `/apis/${enc(group)}/${enc(version)}` : `/api/${enc(version)}`;
}

/** Path of a collection, an object, or an object's subresource. */
export function apiPath(gvr: GroupVersionResource, opts: ApiPathOptions = {}): string {
  let path = groupVersionPath(gvr.group, gvr.version);
  if (opts.namespace !== undefined) path += `/namespaces/${enc(opts.namespace)}`;
  path += `/${enc(gvr.resource)}`;
  if (opts.name !== undefined) path += `/${enc(opts.name)}`;
  if (opts.subresource !== undefined) {
    if (opts.name === undefined) throw new Error('a subresource needs an object name');
    path += `/${opts.subresource.split('/').map(enc).join('/')}`;
  }
  return path;
}

/** Query string from defined values only, in a stable order. */
export function queryString(params: Record<string, string | number | boolean | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** Where the backend's pass-through proxy to the sites lives (browser and server share it). */
export const SITE_PROXY_PREFIX = '/k8s/';

/** Path of the BFF's pass-through proxy for one site: `/k8s/<site><apiPath>`. */
export function sitePath(site: string, path: string): string {
  return `${SITE_PROXY_PREFIX}${enc(site)}${path}`;
}
