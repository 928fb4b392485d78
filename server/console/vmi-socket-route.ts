/**
 * The VNC and serial websockets of a VMI through the backend:
 * `/k8s/<site>/apis/subresources.kubevirt.io/v1/namespaces/<ns>/virtualmachineinstances/<name>/(vnc|console)`.
 * Each is one `bridgeSockets` to the cluster as the caller, audited when it ends; a view-only
 * embed link gets the RFB view-only filter on its browser → cluster half.
 */
import type WebSocket from 'ws';
import { HttpStatusError } from '../http/status';
import { parseProxyUrl } from '../proxy/path-policy';
import { dialSiteSocket } from '../sites/dial-site-socket';
import { acceptBrowser, browserSocketServer, requireValidHandshake } from '../ws-bridge/accept-browser';
import { bridgeSockets, type Bridge } from '../ws-bridge/bridge-sockets';
import type { CloseFrame } from '../ws-bridge/close-codes';
import type { UpgradeRoute } from '../ws-bridge/upgrade-router';
import type { Principal } from '../auth/types';
import { closeAtExpiry } from '../auth/expiry';
import { requireTarget } from './console-principal';
import { embedClaimsOf } from './embed-auth';
import { RfbViewOnlyFilter } from './rfb-view-only-filter';
import { clientAddress } from '../http/origin';
import { SITE_PROXY_PREFIX } from '../../lib/k8s/api-path';
import type { VmiConsoleSubresource } from '../../lib/k8s/resources/virtual-machine-instance';

/** Parameters of a VMI console websocket. */
export interface VmiSocketParams {
  site: string;
  namespace: string;
  name: string;
  kind: VmiConsoleSubresource;
  /** Upstream path (percent-encoded as received). */
  path: string;
  preserveSession?: boolean;
}

/** Matches `/k8s/<site>/apis/subresources.kubevirt.io/v1/namespaces/<ns>/virtualmachineinstances/<name>/(vnc|console)`. */
export function matchVmiSocket(url: URL, req: import('node:http').IncomingMessage): VmiSocketParams | undefined {
  if (!url.pathname.startsWith(SITE_PROXY_PREFIX)) return undefined;
  const target = parseProxyUrl(req.url ?? '/', 'GET', { websocket: true });
  const info = target.info;
  if (!info || info.group !== 'subresources.kubevirt.io' || info.resource !== 'virtualmachineinstances')
    return undefined;
  const kind = info.subresource[0];
  if (
    info.subresource.length !== 1 ||
    (kind !== 'vnc' && kind !== 'console') ||
    !info.namespace ||
    !info.name
  )
    return undefined;
  const preserve = url.searchParams.get('preserveSession');
  return {
    site: target.site,
    namespace: info.namespace,
    name: info.name,
    kind,
    path: target.path,
    ...(kind === 'vnc' && preserve !== null ? { preserveSession: preserve === 'true' } : {}),
  };
}

/** Open bridges, so a closing server can end them with 1001. */
export type BridgeSet = Set<Bridge>;

/** The RFB view-only filter as a bridge filter: a stream it cannot parse ends the session. */
function viewOnlyFilter(): (data: Buffer) => Buffer | CloseFrame {
  const filter = new RfbViewOnlyFilter();
  return (data) => {
    const out = filter.push(data);
    return filter.error ? { code: 1008, reason: filter.error } : out;
  };
}

/** Whether `principal` came from a view-only embed link (its VNC input is dropped). */
function isViewOnly(principal: Principal, kind: VmiSocketParams['kind']): boolean {
  return kind === 'vnc' && embedClaimsOf(principal)?.viewOnly === true;
}

/** The VNC/serial bridge route. */
export function vmiSocketRoute(bridges: BridgeSet): UpgradeRoute<VmiSocketParams> {
  const wss = browserSocketServer();
  return {
    name: 'vmi-console-bridge',
    match: matchVmiSocket,
    async handle(req, socket, head, { params, principal, server }) {
      requireTarget(principal, { site: params.site, namespace: params.namespace, name: params.name, kind: params.kind });
      requireValidHandshake(req);
      if (!server.registry.get(params.site)) throw new HttpStatusError(404, 'NotFound', `site "${params.site}" not found`);
      // Read now: after the socket closes, req.socket.remoteAddress is undefined.
      const remote = clientAddress(req, server.trustProxy);
      const viewOnly = isViewOnly(principal, params.kind);
      // A view-only viewer never takes the session from someone else unless it asks to.
      const preserve = params.preserveSession ?? (viewOnly ? true : undefined);
      const audit = (status: string | number, extra: Record<string, unknown> = {}) =>
        server.audit.write({
          type: 'console',
          user: principal.user.username,
          groups: principal.user.groups,
          site: params.site,
          verb: params.kind,
          resource: params.path,
          status,
          remote,
          detail:
            [
              principal.via === 'session' ? undefined : `via ${principal.via}`,
              viewOnly ? 'view-only' : undefined,
            ]
              .filter(Boolean)
              .join(' ') || undefined,
          ...extra,
        });
      const release = server.consoles.acquire(principal.user.username);
      let upstream: WebSocket;
      try {
        upstream = await dialSiteSocket(
          server,
          principal,
          params.site,
          params.path + (preserve === undefined ? '' : `?preserveSession=${preserve}`),
        );
      } catch (err) {
        release();
        audit(err instanceof HttpStatusError ? err.code : 'error', { detail: (err as Error).message });
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
        onPause: () => server.metrics.backpressure('console'),
        ...(viewOnly ? { upstreamFilter: viewOnlyFilter() } : {}),
        onClose: (s) => {
          stopExpiry();
          release();
          bridges.delete(bridge);
          audit(`${s.closedBy}:${s.sent.code}`, {
            bytesIn: s.bytesUp,
            bytesOut: s.bytesDown,
            durationMs: Date.now() - opened,
          });
        },
      });
      const stopExpiry = closeAtExpiry(principal, (code, reason) => bridge.close(code, reason));
      bridges.add(bridge);
    },
  };
}
