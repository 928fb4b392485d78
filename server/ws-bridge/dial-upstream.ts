import WebSocket from 'ws';
import type { SiteTls } from '../sites/site';
import { HttpStatusError, reasonFor } from '../http/status';

/** KubeVirt's only websocket subprotocol: raw bytes in binary frames. */
export const KUBEVIRT_SUBPROTOCOL = 'plain.kubevirt.io';

export interface DialOptions {
  /** `wss://host/apis/subresources.kubevirt.io/v1/...` */
  url: string;
  tls: SiteTls;
  headers: Record<string, string | string[]>;
  handshakeTimeoutMs?: number;
  maxPayload?: number;
}

/**
 * Opens the websocket to a cluster with the caller's identity and `plain.kubevirt.io`. A refusal
 * (400 VMI not running, 403 RBAC, 503 session in use, …) rejects with an `HttpStatusError` that
 * carries the cluster's status and message, so the browser can be refused with the same status
 * before its own handshake completes.
 */
export function dialUpstream(opts: DialOptions): Promise<WebSocket> {
  return dial(opts);
}

/** Bytes kept from before the caller listens (the RFB banner arrives right after the handshake). */
const EARLY_LIMIT_BYTES = 4 * 1024 * 1024;
const EARLY_WINDOW_MS = 10_000;
const early = new WeakMap<WebSocket, { messages: [Buffer, boolean][]; stop(): void }>();

/**
 * Messages the cluster sent between the handshake and the caller attaching its own `message`
 * listener (e.g. while the browser's handshake completes). Call once, synchronously right
 * before or after adding your listener; later calls return nothing. Kept at most 10 s / 4 MiB.
 */
export function takeEarlyMessages(ws: WebSocket): [Buffer, boolean][] {
  const e = early.get(ws);
  if (!e) return [];
  e.stop();
  return e.messages;
}

function keepEarlyMessages(ws: WebSocket): void {
  const messages: [Buffer, boolean][] = [];
  let bytes = 0;
  const listener = (data: Buffer, isBinary: boolean) => {
    bytes += data.length;
    if (bytes <= EARLY_LIMIT_BYTES) messages.push([data, isBinary]);
  };
  const timer = setTimeout(() => stop(), EARLY_WINDOW_MS);
  timer.unref();
  const stop = () => {
    clearTimeout(timer);
    ws.off('message', listener);
    early.delete(ws);
  };
  ws.on('message', listener);
  early.set(ws, { messages, stop });
}

function dial(opts: DialOptions): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    // `servername` is passed through to tls.connect by ws, though its typings omit it.
    const tlsOptions = { servername: opts.tls.servername };
    const ws = new WebSocket(opts.url, [KUBEVIRT_SUBPROTOCOL], {
      ...tlsOptions,
      ca: opts.tls.ca,
      cert: opts.tls.cert,
      key: opts.tls.key,
      rejectUnauthorized: opts.tls.rejectUnauthorized,
      headers: opts.headers as Record<string, string>,
      handshakeTimeout: opts.handshakeTimeoutMs ?? 10_000,
      maxPayload: opts.maxPayload ?? 4 * 1024 * 1024,
      perMessageDeflate: false,
    });
    keepEarlyMessages(ws);
    ws.once('open', () => {
      ws.removeAllListeners('error');
      resolve(ws);
    });
    ws.once('unexpected-response', (_req, res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const code = res.statusCode ?? 502;
        reject(new HttpStatusError(code, reasonFor(code), statusMessage(Buffer.concat(chunks).toString('utf8')) ?? `cluster answered HTTP ${code}`));
        ws.terminate();
      });
    });
    ws.once('error', (err) => {
      const timeout = /timed out|timeout/i.test(err.message);
      reject(new HttpStatusError(timeout ? 504 : 502, timeout ? 'Timeout' : 'ServiceUnavailable', `cluster websocket failed: ${err.message}`));
    });
  });
}

function statusMessage(text: string): string | undefined {
  try {
    const m = (JSON.parse(text) as { message?: unknown }).message;
    return typeof m === 'string' ? m : undefined;
  } catch {
    return text.trim().slice(0, 300) || undefined;
  }
}
