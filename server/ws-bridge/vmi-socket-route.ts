import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import WebSocket, { WebSocketServer } from 'ws';
import { upstreamIdentity } from '../auth/upstream-identity';
import type { Principal } from '../auth/types';
import type { ServerContext } from '../context';
import { HttpStatusError } from '../http/status';
import { parseProxyUrl } from '../proxy/path-policy';
import { bridgeSockets, type Bridge } from './bridge-sockets';
import { dialUpstream, KUBEVIRT_SUBPROTOCOL } from './dial-upstream';
import type { UpgradeRoute } from './upgrade-router';

/** Parameters of a VMI console websocket. */
export interface VmiSocketParams {
  site: string;
  namespace: string;
  name: string;
  kind: 'vnc' | 'console';
  /** Upstream path (percent-encoded as received). */
  path: string;
  preserveSession?: boolean;
}

const MAX_PAYLOAD = 4 * 1024 * 1024;

/** Matches `/k8s/<site>/apis/subresources.kubevirt.io/v1/namespaces/<ns>/virtualmachineinstances/<name>/(vnc|console)`. */
export function matchVmiSocket(url: URL, req: IncomingMessage): VmiSocketParams | undefined {
  if (!url.pathname.startsWith('/k8s/')) return undefined;
  const target = parseProxyUrl(req.url ?? '/', 'GET', { websocket: true });
  const info = target.info;
  if (!info || info.group !== 'subresources.kubevirt.io' || info.resource !== 'virtualmachineinstances') return undefined;
  const kind = info.subresource[0];
  if (info.subresource.length !== 1 || (kind !== 'vnc' && kind !== 'console') || !info.namespace || !info.name) return undefined;
  const preserve = url.searchParams.get('preserveSession');
  return { site: target.site, namespace: info.namespace, name: info.name, kind, path: target.path, ...(kind === 'vnc' && preserve !== null ? { preserveSession: preserve === 'true' } : {}) };
}

/**
 * Opens a cluster websocket for `principal` on a site (TLS and identity as for REST calls).
 * Building block for other console routes (the serial hub).
 */
export async function dialSiteSocket(server: ServerContext, principal: Principal, siteName: string, pathAndQuery: string): Promise<WebSocket> {
  const site = server.registry.get(siteName);
  if (!site) throw new HttpStatusError(404, 'NotFound', `site "${siteName}" not found`);
  const id = await upstreamIdentity(site, principal);
  return dialUpstream({ url: `${site.server.replace(/^http/, 'ws')}${pathAndQuery}`, tls: id.tls, headers: id.headers, maxPayload: MAX_PAYLOAD });
}

/** Accepts the browser side: `plain.kubevirt.io` when offered, else no subprotocol (noVNC offers none). */
export function browserSocketServer(): WebSocketServer {
  return new WebSocketServer({
    noServer: true,
    perMessageDeflate: false,
    maxPayload: MAX_PAYLOAD,
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

/** Open bridges, so a closing server can end them with 1001. */
export type BridgeSet = Set<Bridge>;

/** The VNC/serial bridge route. */
export function vmiSocketRoute(bridges: BridgeSet): UpgradeRoute<VmiSocketParams> {
  const wss = browserSocketServer();
  return {
    name: 'vmi-console-bridge',
    match: matchVmiSocket,
    async handle(req, socket, head, { params, principal, server }) {
      if (principal.allows && !principal.allows({ site: params.site, namespace: params.namespace, name: params.name, kind: params.kind })) {
        throw new HttpStatusError(403, 'Forbidden', 'this link does not grant access to that console');
      }
      if (!server.registry.get(params.site)) throw new HttpStatusError(404, 'NotFound', `site "${params.site}" not found`);
      const release = server.consoles.acquire(principal.user.username);
      let upstream: WebSocket;
      try {
        const query = params.preserveSession === undefined ? '' : `?preserveSession=${params.preserveSession}`;
        upstream = await dialSiteSocket(server, principal, params.site, params.path + query);
      } catch (err) {
        release();
        server.audit.write({
          type: 'console',
          user: principal.user.username,
          site: params.site,
          verb: params.kind,
          resource: params.path,
          status: err instanceof HttpStatusError ? err.code : 'error',
          detail: (err as Error).message,
          remote: req.socket.remoteAddress,
        });
        throw err;
      }
      const browser = await acceptBrowser(wss, req, socket, head);
      if (!browser) {
        release();
        upstream.close(1001, 'browser left during handshake');
        return;
      }
      const opened = Date.now();
      const bridge = bridgeSockets(browser, upstream, {
        highWaterBytes: server.limits.wsHighWaterBytes,
        pingIntervalMs: server.limits.wsPingIntervalMs,
        onClose: (s) => {
          release();
          bridges.delete(bridge);
          server.audit.write({
            type: 'console',
            user: principal.user.username,
            groups: principal.user.groups,
            site: params.site,
            verb: params.kind,
            resource: params.path,
            status: `${s.closedBy}:${s.sent.code}`,
            bytesIn: s.bytesUp,
            bytesOut: s.bytesDown,
            durationMs: Date.now() - opened,
            remote: req.socket.remoteAddress,
            detail: principal.via === 'session' ? undefined : `via ${principal.via}`,
          });
        },
      });
      bridges.add(bridge);
    },
  };
}
