import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { KUBEVIRT_SUBRESOURCES, SUBRESOURCE_VERSIONS } from '../kinds/registry';
import { StatusError, badRequest } from '../store/status-error';
import type { ApiContext, ApiRequest, ResourceRequest } from './context';
import type { SubresourceCall, SubresourceResult, UserInfo } from './extensions';
import { readBody, sendJson } from './http-util';
import type { RequestInfo } from './request-info';
import { notFoundPath, requireAllowed } from './authz';

type VmResource = 'virtualmachines' | 'virtualmachineinstances';

const unavailable = () => new StatusError(503, 'ServiceUnavailable', 'the server is currently unable to handle the request');

/** Splits a subresources.kubevirt.io request into resource, name and the known subresource name. */
function parseSubresource(info: RequestInfo): { resource: VmResource; sub: string; rbacSub: string } {
  const resource = info.resource as VmResource;
  const known = KUBEVIRT_SUBRESOURCES[resource];
  if (!known || !info.namespace || !info.name || !info.subresource || !SUBRESOURCE_VERSIONS.includes(info.version)) throw notFoundPath();
  const sub = [info.subresource, ...(info.rest ?? [])].join('/');
  // Longest known prefix, so `vnc/screenshot` and `portforward/22/tcp` map to their RBAC names.
  const match = known.map((k) => k.name).filter((n) => sub === n || sub.startsWith(`${n}/`)).sort((a, b) => b.length - a.length)[0];
  if (!match) throw notFoundPath();
  return { resource, sub, rbacSub: match };
}

function verbFor(method: string): 'update' | 'get' {
  if (method === 'PUT') return 'update';
  if (method === 'GET') return 'get';
  throw new StatusError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');
}

function buildCall(info: RequestInfo, method: string, query: URLSearchParams, user: UserInfo, body: unknown): { call: SubresourceCall; rbacSub: string } {
  const { resource, sub, rbacSub } = parseSubresource(info);
  return {
    call: { method, version: info.version, namespace: info.namespace ?? '', resource, name: info.name ?? '', subresource: sub, query, body, user },
    rbacSub,
  };
}

function writeResult(res: ServerResponse, result: SubresourceResult): void {
  const headers: Record<string, string> = {};
  if (result.body === undefined) {
    res.writeHead(result.status, headers);
    res.end();
    return;
  }
  if (Buffer.isBuffer(result.body) || typeof result.body === 'string') {
    headers['Content-Type'] = result.contentType ?? 'application/octet-stream';
    res.writeHead(result.status, headers);
    res.end(result.body);
    return;
  }
  sendJson(res, result.status, result.body, result.contentType ? { 'Content-Type': result.contentType } : {});
}

async function parsedBody(req: IncomingMessage): Promise<unknown> {
  const buf = await readBody(req);
  if (!buf.length) return undefined;
  try {
    return JSON.parse(buf.toString('utf8'));
  } catch {
    throw badRequest('the body of the request was in an unknown format - accepted media types include: application/json');
  }
}

/** PUT/GET on `/apis/subresources.kubevirt.io/{v}/namespaces/{ns}/{vms|vmis}/{name}/{sub}` (not websockets). */
export async function handleKubevirtSubresource(ctx: ApiContext, r: ApiRequest): Promise<void> {
  const verb = verbFor(r.req.method ?? 'GET');
  const body = verb === 'update' ? await parsedBody(r.req) : undefined;
  const { call, rbacSub } = buildCall(r.info, r.req.method ?? 'GET', r.query, r.user, body);
  requireAllowed(ctx, r.user, { verb, group: r.info.group, resource: `${call.resource}`, subresource: rbacSub, namespace: call.namespace, name: call.name });
  const handler = ctx.extensions().subresource;
  if (!handler) throw unavailable();
  writeResult(r.res, await handler(call));
}

/** GET `/api/v1/namespaces/{ns}/pods/{pod}/proxy/...` (RBAC `get pods/proxy` is already checked). */
export async function handlePodProxy(ctx: ApiContext, r: ResourceRequest): Promise<void> {
  if (r.req.method !== 'GET') throw new StatusError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');
  const handler = ctx.extensions().podProxy;
  if (!handler) throw unavailable();
  const path = `/${(r.info.rest ?? []).join('/')}`;
  writeResult(r.res, await handler({ namespace: r.ns ?? '', pod: r.info.name ?? '', path, query: r.query, user: r.user }));
}

/** Writes a Status on a raw socket, for refused websocket upgrades. */
export function refuseUpgrade(socket: Duplex, err: StatusError): void {
  const body = JSON.stringify(err.toStatus());
  socket.end(`HTTP/1.1 ${err.code} ${err.reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
}

/** WebSocket upgrade on a subresource (`vnc`, `console`): RBAC `get`, then the controllers' handler. */
export function handleKubevirtUpgrade(ctx: ApiContext, info: RequestInfo, req: IncomingMessage, socket: Duplex, head: Buffer, user: UserInfo, query: URLSearchParams): void {
  const { call, rbacSub } = buildCall(info, req.method ?? 'GET', query, user, undefined);
  if (req.method !== 'GET') throw new StatusError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');
  requireAllowed(ctx, user, { verb: 'get', group: info.group, resource: call.resource, subresource: rbacSub, namespace: call.namespace, name: call.name });
  const handler = ctx.extensions().upgrade;
  if (!handler) throw unavailable();
  handler(call, req, socket, head);
}
