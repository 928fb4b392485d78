/**
 * `/api/watch`: the watch multiplexer's websocket (protocol in lib/k8s/watch-mux-protocol).
 * The router has checked Origin and the session; each watch then goes to its site as the
 * signed-in user, so the cluster's RBAC decides what the user may watch, as on the REST proxy.
 */
import WebSocket, { WebSocketServer } from 'ws';
import { closeAtExpiry } from '../auth/expiry';
import {
  encodeEvents,
  MAX_WATCHES_PER_SOCKET,
  parseClientMessage,
  WATCH_MUX_PATH,
  type MuxControl,
} from '../../lib/api/watch-mux';
import type { Principal } from '../auth/types';
import type { ServerContext } from '../context';
import { HttpStatusError } from '../http/status';
import { failureStatus } from '../../lib/k8s/types';
import { acceptBrowser } from '../ws-bridge/accept-browser';
import type { UpgradeRoute } from '../ws-bridge/upgrade-router';
import { openUpstreamWatch, type UpstreamWatch } from './upstream-watch';

/** Open multiplexer sockets, so a closing server can end them with 1001. */
export type MuxSockets = Set<WebSocket>;

/** Browser messages are small JSON objects. */
const MAX_MESSAGE_BYTES = 16 * 1024;

export function watchMuxRoute(sockets: MuxSockets): UpgradeRoute<true> {
  // The protocol has no subprotocol: an offered one is never echoed back as if it were spoken.
  const wss = new WebSocketServer({
    noServer: true,
    perMessageDeflate: false,
    maxPayload: MAX_MESSAGE_BYTES,
    handleProtocols: () => false,
  });
  return {
    name: 'watch-mux',
    match: (url) => (url.pathname === WATCH_MUX_PATH ? true : undefined),
    async handle(req, socket, head, { principal, server }) {
      // Embed links and other scoped principals open one console, nothing else.
      if (principal.via !== 'session' || principal.allows)
        throw new HttpStatusError(403, 'Forbidden', 'the watch stream needs a signed-in session');
      const ws = await acceptBrowser(wss, req, socket, head);
      if (!ws) return;
      sockets.add(ws);
      serveMux(ws, principal, server, () => sockets.delete(ws));
    },
  };
}

/** Runs one multiplexer socket until either side closes it. */
export function serveMux(ws: WebSocket, principal: Principal, ctx: ServerContext, onClose: () => void): void {
  const watches = new Map<number, UpstreamWatch>();
  const high = ctx.limits.wsHighWaterBytes;
  let paused = false;

  const sendControl = (c: MuxControl) => send(JSON.stringify(c));
  // Backpressure: a slow browser pauses every upstream watch of this socket until its queue
  // drains below half the mark, so nothing buffers without bound.
  function send(text: string): void {
    if (ws.readyState !== WebSocket.OPEN) return;
    ws.send(text, () => {
      if (paused && ws.bufferedAmount < high / 2) {
        paused = false;
        for (const w of watches.values()) w.resume();
      }
    });
    if (!paused && ws.bufferedAmount > high) {
      paused = true;
      ctx.metrics.backpressure('watch-mux');
      for (const w of watches.values()) w.pause();
    }
  }

  function start(text: string): void {
    let msg;
    try {
      msg = parseClientMessage(text);
    } catch (err) {
      ws.close(1008, `bad message: ${(err as Error).message}`.slice(0, 120));
      return;
    }
    const id = msg.id;
    if (msg.op === 'cancel') {
      watches.get(id)?.cancel();
      watches.delete(id);
      return;
    }
    if (watches.has(id)) return ws.close(1008, `watch ${id} is already open`);
    if (watches.size >= MAX_WATCHES_PER_SOCKET) {
      const status = failureStatus(
        429,
        'TooManyRequests',
        `at most ${MAX_WATCHES_PER_SOCKET} watches per connection`,
      );
      return sendControl({ type: 'error', id, code: 429, status });
    }
    const watch = openUpstreamWatch(ctx, principal, msg, {
      open: () => sendControl({ type: 'open', id }),
      lines: (lines) => send(encodeEvents(id, lines)),
      end: (err) => {
        if (!watches.delete(id)) return;
        sendControl(err ? { type: 'error', id, code: err.code, status: err.status } : { type: 'end', id });
      },
    });
    watches.set(id, watch);
    if (paused) watch.pause();
  }

  ws.on('message', (data, isBinary) => {
    if (isBinary) return ws.close(1003, 'text frames only');
    start(data.toString());
  });

  // Keepalive: a browser that stops answering pings is gone; its watches must not linger.
  let alive = true;
  ws.on('pong', () => (alive = true));
  const ping = setInterval(() => {
    if (!alive) return ws.terminate();
    alive = false;
    ws.ping();
  }, ctx.limits.wsPingIntervalMs);

  // The session was checked once, at the upgrade: hold the socket no longer than it lasts.
  const stopExpiry = closeAtExpiry(principal, (code, reason) => ws.close(code, reason));

  ws.on('close', () => {
    clearInterval(ping);
    stopExpiry();
    for (const w of watches.values()) w.cancel();
    watches.clear();
    onClose();
  });
  ws.on('error', () => ws.terminate());
}
