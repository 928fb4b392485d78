import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import WebSocket, { WebSocketServer } from 'ws';
import { KUBEVIRT_SUBPROTOCOL } from './dial-upstream';
import { HttpStatusError } from '../http/status';

/** Largest websocket message accepted from either side. */
export const MAX_WS_PAYLOAD = 4 * 1024 * 1024;

/** Accepts the browser side: `plain.kubevirt.io` when offered, else no subprotocol (noVNC offers none). */
export function browserSocketServer(): WebSocketServer {
  return new WebSocketServer({
    noServer: true,
    perMessageDeflate: false,
    maxPayload: MAX_WS_PAYLOAD,
    handleProtocols: (protocols) => (protocols.has(KUBEVIRT_SUBPROTOCOL) ? KUBEVIRT_SUBPROTOCOL : false),
  });
}

/**
 * Refuses (400) a handshake `ws` would refuse, before anything is dialled upstream: a console
 * session taken from someone else for a browser whose handshake then fails is a session lost.
 * The checks are RFC 6455 §4.2.1's, as `ws`'s `handleUpgrade` makes them.
 */
export function requireValidHandshake(req: IncomingMessage): void {
  const key = req.headers['sec-websocket-key'];
  const bad = (why: string) => new HttpStatusError(400, 'BadRequest', `invalid websocket handshake: ${why}`);
  if (req.method !== 'GET') throw bad('the method must be GET');
  if ((req.headers.upgrade ?? '').toLowerCase() !== 'websocket') throw bad('Upgrade must be websocket');
  if (typeof key !== 'string' || !/^[+/0-9A-Za-z]{22}==$/.test(key)) throw bad('missing or malformed Sec-WebSocket-Key');
  if (req.headers['sec-websocket-version'] !== '13') throw bad('Sec-WebSocket-Version must be 13');
}

/** Completes the browser handshake, resolving with its websocket (or undefined if it left). */
export function acceptBrowser(wss: WebSocketServer, req: IncomingMessage, socket: Duplex, head: Buffer): Promise<WebSocket | undefined> {
  if (socket.destroyed) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    socket.once('close', () => resolve(undefined));
    wss.handleUpgrade(req, socket, head, (ws) => resolve(ws));
  });
}
