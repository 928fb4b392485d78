import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import WebSocket, { WebSocketServer } from 'ws';
import { KUBEVIRT_SUBPROTOCOL } from './dial-upstream';

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

/** Completes the browser handshake, resolving with its websocket (or undefined if it left). */
export function acceptBrowser(wss: WebSocketServer, req: IncomingMessage, socket: Duplex, head: Buffer): Promise<WebSocket | undefined> {
  if (socket.destroyed) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    socket.once('close', () => resolve(undefined));
    wss.handleUpgrade(req, socket, head, (ws) => resolve(ws));
  });
}
