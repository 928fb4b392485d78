import type { ServerResponse } from 'node:http';
import type { Writable } from 'node:stream';
import { createGzip } from 'node:zlib';
import Negotiator from 'negotiator';
import type { KindDef } from '../kinds/registry';
import { badRequest, StatusError } from '../store/status-error';
import type { KubeObject } from '../store/types';
import type { ApiContext, ResourceRequest } from './context';
import { sendJson, wantsPartialMetadata, wantsTable } from './http-util';
import { compileSelector, matches, type Selector } from './selectors';
import { ensureColumns, includeObjectOf, objectJson, partialMetadata, table, tableRow } from './serialize';

/** Fields any kind may be selected by, plus the kind's own. */
export function allowedFields(def: KindDef): string[] {
  return ['metadata.name', ...(def.namespaced ? ['metadata.namespace'] : []), ...(def.fieldSelectors ?? [])];
}

export function selectorOf(r: ResourceRequest): Selector {
  return compileSelector(r.query.get('labelSelector'), r.query.get('fieldSelector'), allowedFields(r.def), r.def.kind, r.apiVersion);
}

/** GET of one object: JSON, Table or PartialObjectMetadata. */
export function handleGet(ctx: ApiContext, r: ResourceRequest): void {
  const obj = ctx.store.peek(r.ref, r.ns, r.info.name ?? '') ?? ctx.store.mustGet(r.ref, r.ns, r.info.name ?? '');
  writeOne(ctx, r, obj);
}

/** Writes one object in the representation the client asked for. */
export function writeOne(ctx: ApiContext, r: ResourceRequest, obj: KubeObject, code = 200, headers: Record<string, string> = {}): void {
  if (wantsTable(r.req)) {
    const def = ensureColumns(r.def);
    sendJson(r.res, code, table(def, [tableRow(def, obj, includeObjectOf(r.query), r.apiVersion)], { resourceVersion: obj.metadata.resourceVersion ?? '' }), headers);
  } else if (wantsPartialMetadata(r.req)) sendJson(r.res, code, partialMetadata(obj), headers);
  else sendJson(r.res, code, objectJson(obj, r.apiVersion), headers);
  void ctx;
}

interface ContinueToken {
  rv: string;
  start: string;
}

function keyOf(o: KubeObject): string {
  return `${o.metadata.namespace ?? ''}/${o.metadata.name ?? ''}`;
}

function decodeContinue(token: string): ContinueToken {
  try {
    const t = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as ContinueToken;
    if (typeof t.start !== 'string' || typeof t.rv !== 'string') throw new Error('shape');
    return t;
  } catch {
    throw badRequest('continue key is not valid: illegal base64 data or malformed token');
  }
}

/** First index whose namespace/name sorts after `start` (items are sorted by the store). */
function startIndex(items: readonly KubeObject[], start: string): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (keyOf(items[mid] as KubeObject) <= start) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** One page of a list: the selected items, the continue token and the remaining count. */
export function listPage(ctx: ApiContext, r: ResourceRequest, sel: Selector): { items: KubeObject[]; rv: string; cont: string; remaining?: number } {
  const all = ctx.store.listShared(r.ref, r.ns);
  const limit = Number(r.query.get('limit') ?? 0);
  if (!Number.isFinite(limit) || limit < 0) throw badRequest(`invalid limit: ${r.query.get('limit')}`);
  const token = r.query.get('continue');
  const cont = token ? decodeContinue(token) : undefined;
  const rv = cont?.rv ?? ctx.store.resourceVersion();
  if (cont && Number(cont.rv) < ctx.store.oldestResumableVersion()) {
    throw new StatusError(410, 'Expired', 'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.');
  }
  const from = cont ? startIndex(all, cont.start) : 0;
  const items: KubeObject[] = [];
  let i = from;
  for (; i < all.length; i++) {
    const o = all[i] as KubeObject;
    if (!matches(sel, o)) continue;
    if (limit && items.length === limit) break;
    items.push(o);
  }
  if (!limit || i >= all.length) return { items, rv, cont: '' };
  const last = items[items.length - 1];
  const next = last ? Buffer.from(JSON.stringify({ rv, start: keyOf(last) })).toString('base64url') : '';
  let remaining = 0;
  for (; i < all.length; i++) if (matches(sel, all[i] as KubeObject)) remaining++;
  return { items, rv, cont: remaining ? next : '', remaining: remaining || undefined };
}

function listMeta(page: { rv: string; cont: string; remaining?: number }): Record<string, unknown> {
  const meta: Record<string, unknown> = { resourceVersion: page.rv };
  if (page.cont) meta.continue = page.cont;
  if (page.remaining) meta.remainingItemCount = page.remaining;
  return meta;
}

/** Resolves on 'drain' or 'close', removing the other listener so none accumulate. */
function drained(res: Writable): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

/** kube-apiserver gzips an answer larger than this when the client accepts gzip. */
const GZIP_OVER_BYTES = 128 * 1024;

function acceptsGzip(res: ServerResponse): boolean {
  return new Negotiator(res.req).encodings(['gzip']).includes('gzip');
}

/**
 * Streams a JSON list piece by piece, waiting for drain so a 10,000-item list never buffers
 * unbounded. Like kube-apiserver, a body over 128 KiB goes out gzipped
 * when the client accepts gzip; the choice is made at the first flush, when the size is known
 * to pass the threshold (or at the end, for a smaller list).
 */
async function streamJson(res: ServerResponse, head: string, pieces: Iterable<string>, tail: string): Promise<void> {
  const headers = { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private' };
  let out: Writable | undefined;
  const start = (size: number): Writable => {
    if (size > GZIP_OVER_BYTES && acceptsGzip(res)) {
      res.writeHead(200, { ...headers, 'Content-Encoding': 'gzip', Vary: 'Accept-Encoding' });
      const gz = createGzip();
      gz.pipe(res);
      return gz;
    }
    res.writeHead(200, headers);
    return res;
  };
  let buf = head;
  let first = true;
  for (const p of pieces) {
    buf += first ? p : `,${p}`;
    first = false;
    if (buf.length > 256 * 1024) {
      out ??= start(buf.length);
      const ok = out.write(buf);
      buf = '';
      if (!ok) await drained(out);
      if (res.destroyed) return;
    }
  }
  buf += tail;
  (out ?? start(Buffer.byteLength(buf))).end(buf);
}

/** LIST: JSON list, Table or PartialObjectMetadataList, with selectors and paging. */
export async function handleList(ctx: ApiContext, r: ResourceRequest): Promise<void> {
  const page = listPage(ctx, r, selectorOf(r));
  const meta = JSON.stringify(listMeta(page));
  if (wantsTable(r.req)) {
    const def = ensureColumns(r.def);
    const include = includeObjectOf(r.query);
    const now = Date.now();
    const t = table(def, [], listMeta(page));
    const head = JSON.stringify(t).replace(/"rows":\[\]\}$/, '"rows":[');
    await streamJson(r.res, head, page.items.map((o) => JSON.stringify(tableRow(def, o, include, r.apiVersion, now))), ']}');
    return;
  }
  if (wantsPartialMetadata(r.req)) {
    const head = `{"kind":"PartialObjectMetadataList","apiVersion":"meta.k8s.io/v1","metadata":${meta},"items":[`;
    await streamJson(r.res, head, page.items.map((o) => JSON.stringify(partialMetadata(o))), ']}');
    return;
  }
  const head = `{"kind":${JSON.stringify(`${r.def.kind}List`)},"apiVersion":${JSON.stringify(r.apiVersion)},"metadata":${meta},"items":[`;
  await streamJson(r.res, head, lazyMap(page.items, (o) => objectJson(o, r.apiVersion)), ']}');
}

function* lazyMap<T, U>(items: readonly T[], fn: (t: T) => U): Iterable<U> {
  for (const t of items) yield fn(t);
}
