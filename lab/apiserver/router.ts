import type { IncomingMessage, ServerResponse } from 'node:http';
import { SUBRESOURCE_GROUP, apiVersionOf, findKind } from '../kinds/registry';
import { StatusError } from '../store/status-error';
import { identify, notFoundPath, requireAllowed, unauthorized } from './authz';
import { handleReview } from './auth-reviews';
import type { ApiContext, ApiRequest, ResourceRequest } from './context';
import { sendError } from './http-util';
import { handleNonResource } from './non-resource';
import { handleGet, handleList } from './reads';
import { requestInfo } from './request-info';
import { handlePodProxy, handleKubevirtSubresource } from './subresources';
import { handleEviction } from './eviction';
import { handleScale } from './scale';
import { handleWatch } from './watch';
import { handleCreate, handleDelete, handleDeleteCollection, handlePatch, handleUpdate } from './writes';

const PUBLIC_PATHS = new Set(['/version', '/version/', '/healthz', '/livez', '/readyz']);

/** Serves one HTTP request of a site's API server. */
export async function route(ctx: ApiContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  try {
    const url = new URL(req.url ?? '/', 'https://lab');
    const user = identify(ctx, req);
    if (!user) {
      if (PUBLIC_PATHS.has(url.pathname)) return handleNonResource(ctx, req, res, url);
      throw unauthorized();
    }
    const info = requestInfo(req.method ?? 'GET', url.pathname, url.searchParams);
    const base: ApiRequest = { req, res, query: url.searchParams, info, user };
    if (!info.isResource) {
      requireAllowed(ctx, user, { verb: info.verb, path: url.pathname });
      return handleNonResource(ctx, req, res, url);
    }
    if (info.group === SUBRESOURCE_GROUP) return await handleKubevirtSubresource(ctx, base);
    await handleResource(ctx, base);
  } catch (err) {
    sendError(res, err);
  }
}

function methodNotAllowed(): StatusError {
  return new StatusError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');
}

async function handleResource(ctx: ApiContext, base: ApiRequest): Promise<void> {
  const { info } = base;
  const def = findKind(info.group, info.version, info.resource ?? '');
  if (!def) throw notFoundPath();
  requireAllowed(ctx, base.user, {
    verb: info.verb, group: info.group, resource: info.resource, subresource: info.subresource, namespace: info.namespace, name: info.name,
  });
  const r: ResourceRequest = {
    ...base, def, ref: { group: def.group, resource: def.resource },
    ns: def.namespaced ? info.namespace : undefined, apiVersion: apiVersionOf(def.group, info.version),
  };
  if (def.namespaced && info.name !== undefined && info.namespace === undefined) throw notFoundPath();
  if (info.subresource === 'proxy' && def.resource === 'pods') return handlePodProxy(ctx, r);
  if (info.subresource === 'eviction' && def.resource === 'pods') return handleEviction(ctx, r);
  if (info.subresource === 'scale' && def.scale) {
    if (!['get', 'update', 'patch'].includes(info.verb)) throw methodNotAllowed();
    return handleScale(ctx, r);
  }
  if (info.subresource !== undefined && !(info.subresource === 'status' && def.status)) throw notFoundPath();
  if (info.subresource === 'status' && !['get', 'update', 'patch'].includes(info.verb)) throw methodNotAllowed();
  if (await handleReview(ctx, r)) return;
  if (!def.verbs.includes(info.verb)) throw methodNotAllowed();
  switch (info.verb) {
    case 'get': return handleGet(ctx, r);
    case 'list': return handleList(ctx, r);
    case 'watch': return handleWatch(ctx, r);
    case 'create': if (info.name !== undefined) throw methodNotAllowed(); return handleCreate(ctx, r);
    case 'update': return handleUpdate(ctx, r);
    case 'patch': return handlePatch(ctx, r);
    case 'delete': return handleDelete(ctx, r);
    case 'deletecollection': return handleDeleteCollection(ctx, r);
    default: throw methodNotAllowed();
  }
}
