/**
 * The watch multiplexer's wire format: one websocket between a page and the BFF carries every
 * watch of the page, so a fleet view is not held to the browser's six HTTP connections per
 * origin (each plain watch stream pins one). Lists stay plain HTTP requests.
 *
 * Browser → BFF, JSON text frames:
 *   {"op":"watch","id":7,"site":"central","path":"/apis/kubevirt.io/v1/virtualmachines","query":{…}}
 *   {"op":"cancel","id":7}
 * BFF → browser, text frames:
 *   `e 7\n<event>\n<event>…`  watch events, exactly the lines the cluster sent (already JSON);
 *   {"type":"open","id":7}   the cluster accepted the watch (HTTP 200);
 *   {"type":"end","id":7}    the cluster ended the watch normally (its timeoutSeconds ran out);
 *   {"type":"error","id":7,"code":403,"status":{…}}  refused or broken; the stream is gone.
 */
import type { Status } from '../k8s/types';

/** Where the BFF accepts the multiplexer's websocket. */
export const WATCH_MUX_PATH = '/api/watch';

/** Query parameters a watch may carry; everything else is dropped by the BFF. */
export const WATCH_QUERY_KEYS = ['labelSelector', 'fieldSelector', 'resourceVersion', 'allowWatchBookmarks', 'timeoutSeconds'] as const;
export type WatchQuery = Partial<Record<(typeof WATCH_QUERY_KEYS)[number], string>>;

/** Concurrent watches one socket may hold (a fleet view of 50 sites needs about 100). */
export const MAX_WATCHES_PER_SOCKET = 512;


export interface WatchOpenMessage {
  op: 'watch';
  id: number;
  site: string;
  /** Kubernetes collection path, e.g. `/api/v1/namespaces/default/events`. */
  path: string;
  query: WatchQuery;
}

export interface WatchCancelMessage {
  op: 'cancel';
  id: number;
}

export type MuxClientMessage = WatchOpenMessage | WatchCancelMessage;

export type MuxControl =
  | { type: 'open'; id: number }
  | { type: 'end'; id: number }
  | { type: 'error'; id: number; code: number; status: Status };

export type MuxServerFrame = { kind: 'events'; id: number; lines: string[] } | { kind: 'control'; control: MuxControl };

/** An events frame from raw event lines (each already one JSON object). */
export function encodeEvents(id: number, lines: readonly string[]): string {
  return `e ${id}\n${lines.join('\n')}`;
}

/** Splits a server frame; throws on anything malformed. */
export function decodeServerFrame(text: string): MuxServerFrame {
  if (text.startsWith('e ')) {
    const nl = text.indexOf('\n');
    const id = Number(text.slice(2, nl < 0 ? undefined : nl));
    if (!Number.isInteger(id) || nl < 0) throw new Error('malformed events frame');
    return { kind: 'events', id, lines: text.slice(nl + 1).split('\n').filter((l) => l.trim()) };
  }
  const control = JSON.parse(text) as MuxControl;
  if (typeof control?.id !== 'number' || !['open', 'end', 'error'].includes(control.type)) throw new Error('malformed control frame');
  return { kind: 'control', control };
}

/** Parses and checks a browser message; throws with a reason on anything else. */
export function parseClientMessage(text: string): MuxClientMessage {
  const m = JSON.parse(text) as Partial<Omit<WatchOpenMessage, 'op'>> & { op?: string };
  if (typeof m.id !== 'number' || !Number.isSafeInteger(m.id) || m.id < 0) throw new Error('"id" must be a non-negative integer');
  if (m.op === 'cancel') return { op: 'cancel', id: m.id };
  if (m.op !== 'watch') throw new Error('"op" must be "watch" or "cancel"');
  if (typeof m.site !== 'string' || !m.site) throw new Error('"site" must be a site name');
  if (typeof m.path !== 'string' || !m.path.startsWith('/')) throw new Error('"path" must be an API path');
  const query: WatchQuery = {};
  const raw = (m.query ?? {}) as Record<string, unknown>;
  for (const key of WATCH_QUERY_KEYS) {
    const v = raw[key];
    if (v === undefined || v === null || v === '') continue;
    if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') throw new Error(`query "${key}" must be a string`);
    query[key] = String(v);
  }
  return { op: 'watch', id: m.id, site: m.site, path: m.path, query };
}
