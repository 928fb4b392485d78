import { expired, badRequest } from '../store/status-error';
import type { KubeObject, StoreEvent } from '../store/types';
import type { ApiContext, ResourceRequest } from './context';
import { flag, wantsTable } from './http-util';
import { selectorOf } from './reads';
import { matches, type Selector } from './selectors';
import { ensureColumns, includeObjectOf, objectJson, table, tableRow } from './serialize';

/** Newline heartbeat period: client-node aborts a watch after 30 s without data. */
export const HEARTBEAT_MS = 10_000;
/** A watcher whose socket buffers more than this is dropped, as kube-apiserver drops slow watchers. */
const MAX_BUFFERED = 32 * 1024 * 1024;

const lineCache = new WeakMap<StoreEvent, Map<string, string>>();

/** JSON event line shared by every plain watcher of the same event and version. */
function jsonLine(ev: StoreEvent, type: string, apiVersion: string): string {
  let perVersion = lineCache.get(ev);
  if (!perVersion) {
    perVersion = new Map();
    lineCache.set(ev, perVersion);
  }
  const key = `${type}|${apiVersion}`;
  let line = perVersion.get(key);
  if (line === undefined) {
    line = `{"type":"${type}","object":${objectJson(ev.object, apiVersion)}}\n`;
    perVersion.set(key, line);
  }
  return line;
}

function objKey(o: KubeObject): string {
  return `${o.metadata.namespace ?? ''}/${o.metadata.name ?? ''}`;
}

interface WatchState {
  sel: Selector;
  /** Objects currently matching a non-empty selector, to turn "stopped matching" into DELETED. */
  known: Set<string>;
  tableHeaderSent: boolean;
}

function eventLine(r: ResourceRequest, st: WatchState, ev: StoreEvent | { type: StoreEvent['type']; object: KubeObject }, type: string): string {
  if (wantsTable(r.req)) {
    const def = ensureColumns(r.def);
    const t = table(def, [tableRow(def, ev.object, includeObjectOf(r.query), r.apiVersion)], { resourceVersion: ev.object.metadata.resourceVersion ?? '' }, !st.tableHeaderSent);
    st.tableHeaderSent = true;
    return `${JSON.stringify({ type, object: t })}\n`;
  }
  if ('rv' in ev) return jsonLine(ev, type, r.apiVersion);
  return `{"type":"${type}","object":${objectJson(ev.object, r.apiVersion)}}\n`;
}

/** Maps a store event to what this watcher sees, honouring namespace and selectors. */
function translate(r: ResourceRequest, st: WatchState, ev: StoreEvent): string | undefined {
  const o = ev.object;
  if (r.ns !== undefined && o.metadata.namespace !== r.ns) return undefined;
  if (st.sel.empty) return eventLine(r, st, ev, ev.type);
  const k = objKey(o);
  const now = ev.type !== 'DELETED' && matches(st.sel, o);
  // A deletion is reported when the object matched: its final state says so even if this
  // watch never saw it before (`kubectl delete --wait` watches from the list's RV).
  const before = st.known.has(k) || (ev.type === 'DELETED' && matches(st.sel, o));
  if (now) st.known.add(k);
  else st.known.delete(k);
  if (now) return eventLine(r, st, ev, before || ev.type === 'ADDED' ? ev.type : 'ADDED');
  if (before) return eventLine(r, st, ev, 'DELETED');
  return undefined;
}

function bookmark(r: ResourceRequest, rv: string, initialEnd = false): string {
  const metadata: Record<string, unknown> = { resourceVersion: rv };
  if (initialEnd) metadata.annotations = { 'k8s.io/initial-events-end': 'true' };
  return `${JSON.stringify({ type: 'BOOKMARK', object: { kind: r.def.kind, apiVersion: r.apiVersion, metadata } })}\n`;
}

function parseRv(v: string | null): number | undefined {
  if (v === null || v === '') return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw badRequest(`invalid resource version: ${v}`);
  return n;
}

/**
 * WATCH as kube-apiserver serves it: chunked JSON lines; rv unset or 0 starts with synthetic
 * ADDED events for the current state; an rv older than this server's watch window gets an
 * ERROR 410 event and the stream ends; bookmarks with `allowWatchBookmarks`; `timeoutSeconds`.
 */
export function handleWatch(ctx: ApiContext, r: ResourceRequest): void {
  const sel = selectorOf(r);
  if (r.info.name) sel.fields.push({ field: 'metadata.name', equal: true, value: r.info.name });
  sel.empty = !sel.labels.length && !sel.fields.length;
  const st: WatchState = { sel, known: new Set(), tableHeaderSent: false };
  const rvParam = parseRv(r.query.get('resourceVersion'));
  const bookmarks = flag(r.query, 'allowWatchBookmarks');
  const res = r.res;
  res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private', 'Transfer-Encoding': 'chunked' });
  res.flushHeaders();
  const writeNow = (line: string) => {
    if (res.writableEnded || res.destroyed) return;
    res.write(line);
    if (res.writableLength > MAX_BUFFERED) res.destroy();
  };
  // Under a WAN latency fault events arrive late too, in order: one FIFO, one timer.
  const queue: { due: number; line: string }[] = [];
  let timer: NodeJS.Timeout | undefined;
  const flush = () => {
    timer = undefined;
    while (queue.length && (queue[0]?.due ?? 0) <= Date.now()) writeNow(queue.shift()?.line ?? '');
    if (queue.length) timer = setTimeout(flush, (queue[0]?.due ?? 0) - Date.now());
  };
  const write = (line: string) => {
    const delay = ctx.wanDelay();
    if (delay <= 0 && !queue.length) return writeNow(line);
    const due = Math.max(queue[queue.length - 1]?.due ?? 0, Date.now() + delay);
    queue.push({ due, line });
    timer ??= setTimeout(flush, due - Date.now());
  };
  const initial = rvParam === undefined || rvParam === 0 || r.query.get('sendInitialEvents') === 'true';
  let fromRv = rvParam ?? 0;
  if (initial) {
    for (const o of ctx.store.listShared(r.ref, r.ns)) {
      if (!matches(sel, o)) continue;
      if (!sel.empty) st.known.add(objKey(o));
      write(eventLine(r, st, { type: 'ADDED', object: o }, 'ADDED'));
    }
    fromRv = Number(ctx.store.resourceVersion());
    if (bookmarks && r.query.get('sendInitialEvents') === 'true') write(bookmark(r, String(fromRv), true));
  } else if (fromRv < ctx.minWatchRV || fromRv < ctx.store.oldestResumableVersion()) {
    const err = expired(`too old resource version: ${fromRv} (${Math.max(ctx.minWatchRV, ctx.store.oldestResumableVersion())})`);
    res.end(`${JSON.stringify({ type: 'ERROR', object: err.toStatus() })}\n`);
    return;
  } else if (!sel.empty) {
    // Objects unchanged since fromRv that match now also matched then.
    for (const o of ctx.store.listShared(r.ref, r.ns)) {
      if (Number(o.metadata.resourceVersion) <= fromRv && matches(sel, o)) st.known.add(objKey(o));
    }
  }
  let lastRv = String(fromRv);
  const unsubscribe = ctx.store.watch(r.ref, fromRv, (ev) => {
    lastRv = String(ev.rv);
    const line = translate(r, st, ev);
    if (line) write(line);
  });
  ctx.watchers.set(res, r.ref.group ? `${r.ref.group}/${r.ref.resource}` : r.ref.resource);
  const heartbeat = setInterval(() => write(bookmarks ? bookmark(r, lastRv === '0' ? ctx.store.resourceVersion() : lastRv) : '\n'), HEARTBEAT_MS);
  const timeoutSeconds = Number(r.query.get('timeoutSeconds') ?? 0);
  const timeout = timeoutSeconds > 0 ? setTimeout(() => res.end(), timeoutSeconds * 1000) : undefined;
  const done = () => {
    unsubscribe();
    clearInterval(heartbeat);
    if (timer) clearTimeout(timer);
    if (timeout) clearTimeout(timeout);
    ctx.watchers.delete(res);
  };
  // `res` closes when the client goes away (req's 'close' only means its body was read).
  res.on('close', done);
}
