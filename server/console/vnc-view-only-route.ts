/**
 * VNC websockets opened with a view-only embed link: bridged here instead of the generic
 * bridge, with the RFB view-only filter on the browser → cluster half. Every other VNC
 * websocket (sessions, links that may type) goes to the generic bridge unchanged.
 */
import WebSocket from 'ws';
import type { ServerContext } from '../context';
import { HttpStatusError } from '../http/status';
import { mapCloseCode } from '../ws-bridge/close-codes';
import type { UpgradeRoute } from '../ws-bridge/upgrade-router';
import { acceptBrowser, browserSocketServer, dialSiteSocket, matchVmiSocket, vmiSocketRoute, type BridgeSet, type VmiSocketParams } from '../ws-bridge/vmi-socket-route';
import { requireTarget } from './console-principal';
import { embedClaimsOf } from './embed-auth';
import { RfbViewOnlyFilter } from './rfb-view-only-filter';

/** Open view-only bridges, so the server can end them at shutdown. */
export type ViewOnlySet = Set<() => void>;

export function vncViewOnlyRoute(bridges: BridgeSet, viewOnly: ViewOnlySet): UpgradeRoute<VmiSocketParams> {
  const generic = vmiSocketRoute(bridges);
  const wss = browserSocketServer();
  return {
    name: 'vnc-view-only-embed',
    match(url, req) {
      if (!url.searchParams.has('embed')) return undefined;
      const p = matchVmiSocket(url, req);
      return p?.kind === 'vnc' ? p : undefined;
    },
    async handle(req, socket, head, ctx) {
      const { params, principal, server } = ctx;
      if (!embedClaimsOf(principal)?.viewOnly) return generic.handle(req, socket, head, ctx);
      requireTarget(principal, { site: params.site, namespace: params.namespace, name: params.name, kind: 'vnc' });
      const release = server.consoles.acquire(principal.user.username);
      let upstream: WebSocket;
      try {
        upstream = await dialSiteSocket(server, principal, params.site, `${params.path}?preserveSession=${params.preserveSession ?? true}`);
      } catch (err) {
        release();
        throw err instanceof HttpStatusError ? err : new HttpStatusError(502, 'ServiceUnavailable', String(err));
      }
      const browser = await acceptBrowser(wss, req, socket, head);
      if (!browser) {
        release();
        upstream.close(1001, 'browser left during handshake');
        return;
      }
      const end = pipeViewOnly(browser, upstream, server, () => {
        release();
        viewOnly.delete(end);
      });
      viewOnly.add(end);
    },
  };
}

/** Pipes both ways (filtering the browser's half) until either side closes; returns a closer. */
function pipeViewOnly(browser: WebSocket, upstream: WebSocket, server: ServerContext, onEnd: () => void): () => void {
  const filter = new RfbViewOnlyFilter();
  const high = server.limits.wsHighWaterBytes;
  let finished = false;
  const finish = (toBrowser: { code: number; reason: string }, toUpstream: { code: number; reason: string }) => {
    if (finished) return;
    finished = true;
    clearInterval(pinger);
    if (browser.readyState === WebSocket.OPEN) browser.close(toBrowser.code, toBrowser.reason);
    if (upstream.readyState === WebSocket.OPEN) upstream.close(toUpstream.code, toUpstream.reason);
    onEnd();
  };
  upstream.on('message', (data: Buffer, isBinary: boolean) => {
    browser.send(data, { binary: isBinary }, () => {
      if (upstream.isPaused && browser.bufferedAmount <= high / 2) upstream.resume();
    });
    if (browser.bufferedAmount > high) upstream.pause();
  });
  browser.on('message', (data: Buffer, isBinary: boolean) => {
    if (!isBinary) return;
    const out = filter.push(data);
    if (filter.error) return finish({ code: 1008, reason: filter.error }, { code: 1000, reason: 'client protocol error' });
    if (out.length) upstream.send(out, { binary: true });
  });
  upstream.on('close', (code, reason) => {
    const f = mapCloseCode(code, reason.toString(), 'upstream');
    finish(f, f);
  });
  browser.on('close', (code, reason) => {
    const f = mapCloseCode(code, reason.toString(), 'browser');
    finish(f, f);
  });
  upstream.on('error', () => finish({ code: 1011, reason: 'cluster socket error' }, { code: 1011, reason: '' }));
  browser.on('error', () => finish({ code: 1011, reason: '' }, { code: 1011, reason: 'browser socket error' }));
  let alive = true;
  browser.on('pong', () => void (alive = true));
  const pinger = setInterval(() => {
    if (!alive) return finish({ code: 1001, reason: 'keepalive timeout' }, { code: 1001, reason: 'browser keepalive timeout' });
    alive = false;
    browser.ping();
    if (upstream.readyState === WebSocket.OPEN) upstream.ping();
  }, server.limits.wsPingIntervalMs);
  pinger.unref();
  return () => finish({ code: 1001, reason: 'server shutting down' }, { code: 1001, reason: 'server shutting down' });
}
