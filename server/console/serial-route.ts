/**
 * The serial hub's websocket: `/api/console/serial/<site>/<ns>/<name>[?embed=…]`. The user is
 * checked by the cluster and the upstream opened before the browser's handshake, so a refusal
 * is an HTTP status, as on the VNC bridge.
 */
import { parseSerialPath, type VmRef } from '../../lib/api/console';
import type { Principal } from '../auth/types';
import { acceptBrowser, browserSocketServer } from '../ws-bridge/accept-browser';
import type { UpgradeRoute } from '../ws-bridge/upgrade-router';
import { embedClaimsOf } from './embed-auth';
import { closeAtExpiry } from '../auth/expiry';
import { requireTarget } from './console-principal';
import type { SerialHub } from './serial-hub';
import { clientAddress } from '../http/origin';

export function serialHubRoute(hub: SerialHub<Principal>): UpgradeRoute<VmRef> {
  const wss = browserSocketServer();
  return {
    name: 'serial-hub',
    match(url) {
      const parsed = parseSerialPath(url.pathname);
      if (!parsed || parsed.buffer) return undefined;
      return { site: parsed.site, namespace: parsed.namespace, name: parsed.name };
    },
    async handle(req, socket, head, { params, principal, server }) {
      // The router already ran the embed authenticator when the URL carries a link, so its
      // limits (view-only) apply even next to a session cookie.
      const who = principal;
      // Read now: after the socket closes, req.socket.remoteAddress is undefined.
      const remote = clientAddress(req, server.trustProxy);
      requireTarget(who, { ...params, kind: 'serial-hub' });
      const viewOnly = embedClaimsOf(who)?.viewOnly ?? false;
      const joiner = await hub.open(params, who);
      const ws = await acceptBrowser(wss, req, socket, head);
      if (!ws) {
        joiner.abandon();
        return;
      }
      const opened = Date.now();
      const stopExpiry = closeAtExpiry(who, (code, reason) => ws.close(code, reason));
      ws.once('close', stopExpiry);
      ws.once('close', (code) =>
        server.audit.write({
          type: 'console',
          user: who.user.username,
          groups: who.user.groups,
          site: params.site,
          verb: 'serial',
          resource: `${params.namespace}/${params.name}`,
          status: `browser:${code}`,
          durationMs: Date.now() - opened,
          remote,
          detail: who.via === 'session' ? undefined : `via ${who.via}`,
        }),
      );
      joiner.join(ws, viewOnly);
    },
  };
}
