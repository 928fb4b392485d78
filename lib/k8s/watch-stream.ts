/**
 * How a ResourceWatcher opens one watch: a function that resolves once the cluster accepted it
 * and yields batches of events until the stream ends. Two kinds: a plain fetch stream (one HTTP
 * connection per watch) and the page's watch multiplexer (./watch-mux, one websocket for all).
 */
import { k8sFetch, type FetchLike } from './client';
import { networkError } from './kube-api-error';
import { LineBuffer } from './line-buffer';
import type { KubeObject, WatchEvent } from './types';

export interface WatchRequest {
  site: string;
  /** Collection path from `apiPath`. */
  path: string;
  query: Record<string, string | number | boolean | undefined>;
  signal: AbortSignal;
}

export type WatchOpener = (req: WatchRequest) => Promise<AsyncIterable<WatchEvent<KubeObject>[]>>;

/** Watches over `fetch` (`?watch=1`), parsing the newline-delimited JSON the cluster streams. */
export function fetchWatchOpener(fetchImpl?: FetchLike): WatchOpener {
  return async (req) => {
    const res = await k8sFetch(req.site, req.path, { query: { ...req.query, watch: 1 }, signal: req.signal, fetchImpl });
    if (!res.body) throw networkError('watch response has no body');
    return ndjsonBatches(res.body);
  };
}

/** One batch per chunk read: the events that arrived together are applied together. */
async function* ndjsonBatches(body: ReadableStream<Uint8Array>): AsyncGenerator<WatchEvent<KubeObject>[]> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const lines = new LineBuffer();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      const events = lines.push(decoder.decode(value, { stream: true })).map((l) => JSON.parse(l) as WatchEvent<KubeObject>);
      if (events.length) yield events;
    }
  } finally {
    reader.releaseLock();
  }
}
