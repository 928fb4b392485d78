import type { IncomingMessage, ServerResponse } from 'node:http';
import { StatusError } from '../store/status-error';
import type { ApiContext } from './context';
import {
  VERSION_INFO, aggregatedContentType, aggregatedDiscoveryDoc, apiGroupDoc, apiGroupList, apiResourceList, apiVersions,
} from './discovery';
import { aggregatedDiscovery, sendJson } from './http-util';
import { openApiDoc, openApiRoot } from './openapi';
import { openApiV2 } from './openapi-v2';

const notFound = () => new StatusError(404, 'NotFound', 'the server could not find the requested resource');

function sendText(res: ServerResponse, text: string): void {
  res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

/** `/version`, health, discovery and OpenAPI. Throws NotFound for anything else. */
export function handleNonResource(ctx: ApiContext, req: IncomingMessage, res: ServerResponse, url: URL): void {
  const path = url.pathname.replace(/\/+$/, '') || '/';
  const parts = path.split('/').filter(Boolean);
  if (path === '/version') return sendJson(res, 200, VERSION_INFO);
  if (path === '/healthz' || path === '/livez' || path === '/readyz') return sendText(res, 'ok');
  if (path === '/api' || path === '/apis') {
    const agg = aggregatedDiscovery(req);
    if (agg) return sendJson(res, 200, aggregatedDiscoveryDoc(path === '/api', agg), { 'Content-Type': aggregatedContentType(agg), Vary: 'Accept' });
    return sendJson(res, 200, path === '/api' ? apiVersions(ctx.address()) : apiGroupList(), { Vary: 'Accept' });
  }
  if (parts[0] === 'api' && parts.length === 2) {
    const doc = apiResourceList('', parts[1] ?? '');
    if (doc) return sendJson(res, 200, doc);
  }
  if (parts[0] === 'apis' && parts.length === 2) {
    const doc = apiGroupDoc(parts[1] ?? '');
    if (doc) return sendJson(res, 200, doc);
  }
  if (parts[0] === 'apis' && parts.length === 3) {
    const doc = apiResourceList(parts[1] ?? '', parts[2] ?? '');
    if (doc) return sendJson(res, 200, doc);
  }
  if (path === '/openapi/v2') {
    // JSON only: the gnostic protobuf form kube-apiserver also offers is not served.
    const accept = req.headers.accept ?? '*/*';
    if (!/application\/json|\*\/\*/.test(accept)) throw new StatusError(406, 'NotAcceptable', `only the following media types are accepted: application/json`);
    const doc = openApiV2();
    return sendJson(res, 200, doc.text, { ETag: `"${doc.etag}"`, 'Cache-Control': 'no-cache, private' });
  }
  if (path === '/openapi/v3') return sendJson(res, 200, openApiRoot());
  if (parts[0] === 'openapi' && parts[1] === 'v3') {
    const doc = openApiDoc(parts.slice(2).join('/'));
    if (doc) {
      const immutable = url.searchParams.get('hash') === doc.hash;
      return sendJson(res, 200, doc.text, { ETag: `"${doc.hash}"`, 'Cache-Control': immutable ? 'public, immutable' : 'no-cache, private' });
    }
  }
  throw notFound();
}
