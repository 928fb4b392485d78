/** Websockets as a browser opens them (Origin, cookie, subprotocols), read as one byte stream. */
import WebSocket, { createWebSocketStream } from 'ws';
import { ByteReader } from './byte-reader';
import { RfbClient } from './rfb-client';

export interface OpenResult {
  ws?: WebSocket;
  /** Everything the socket received, from the first byte (a browser queues early messages too). */
  stream?: ByteReader;
  /** An RFB client on the same bytes (for VNC sockets; call `handshake()` first). */
  rfb?: RfbClient;
  /** HTTP status when the upgrade was refused before the handshake. */
  status?: number;
  body?: string;
  protocol?: string;
  /** Headers of the 101 answer (a proxy in front may name its upstream there). */
  upgradeHeaders?: Record<string, string | string[] | undefined>;
}

export interface OpenOptions {
  origin?: string;
  cookie?: string;
  protocols?: string[];
  headers?: Record<string, string>;
  ca?: string;
}

/**
 * Opens a websocket, reporting an HTTP refusal as data. The reader is attached before the
 * handshake completes: data that arrives with the 101 response is not lost.
 */
export function openSocket(url: string, opts: OpenOptions = {}): Promise<OpenResult> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.cookie) headers.cookie = opts.cookie;
    const ws = new WebSocket(url, opts.protocols ?? [], { headers, origin: opts.origin, perMessageDeflate: false, ca: opts.ca });
    const duplex = createWebSocketStream(ws);
    const rfb = new RfbClient(duplex);
    let upgradeHeaders: OpenResult['upgradeHeaders'];
    ws.once('upgrade', (res) => (upgradeHeaders = res.headers));
    ws.once('open', () => resolve({ ws, stream: rfb.reader, rfb, protocol: ws.protocol, upgradeHeaders }));
    ws.once('unexpected-response', (_req, res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString('utf8') }));
    });
    ws.once('error', reject);
  });
}

/** Like `openSocket`, but a refusal rejects; for tests that need the socket. */
export async function connectSocket(url: string, opts: OpenOptions = {}): Promise<Required<Pick<OpenResult, 'ws' | 'stream' | 'rfb'>>> {
  const r = await openSocket(url, opts);
  if (!r.ws || !r.stream || !r.rfb) throw new Error(`websocket refused: HTTP ${r.status} ${r.body ?? ''}`);
  return { ws: r.ws, stream: r.stream, rfb: r.rfb };
}
