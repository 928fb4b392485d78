/**
 * The serial hub's websocket: `/api/console/serial/<site>/<ns>/<name>[?embed=…]`. The user is
 * checked by the cluster and the upstream opened before the browser's handshake, so a refusal
 * is an HTTP status, as on the VNC bridge.
 */
import { parseSerialPath, type VmRef } from '../../lib/api/console';
import type { Principal } from '../auth/types';
import { acceptBrowser, browserSocketServer, requireValidHandshake } from '../ws-bridge/accept-browser';
import type { UpgradeRoute } from '../ws-bridge/upgrade-router';
import { embedClaimsOf } from './embed-auth';
import { closeAtExpiry } from '../auth/expiry';
import { requireTarget } from './console-principal';
import type { SerialHub } from './serial-hub';
import { clientAddress } from '../http/origin';
import { HttpStatusError } from '../http/status';

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
      const audit = (status: string | number, extra: { durationMs?: number; detail?: string } = {}) =>
        server.audit.write({
          type: 'console',
          user: who.user.username,
          groups: who.user.groups,
          site: params.site,
          verb: 'serial',
          resource: `${params.namespace}/${params.name}`,
          status,
          remote,
          detail: [who.via === 'session' ? undefined : `via ${who.via}`, extra.detail].filter(Boolean).join(' ') || undefined,
          ...(extra.durationMs === undefined ? {} : { durationMs: extra.durationMs }),
        });
      requireTarget(who, { ...params, kind: 'serial-hub' });
      requireValidHandshake(req);
      const viewOnly = embedClaimsOf(who)?.viewOnly ?? false;
      let release: (() => void) | undefined;
      let joiner: Awaited<ReturnType<SerialHub<Principal>['open']>>;
      try {
        // Serial consoles count against the same per-user limit as VNC.
        release = server.consoles.acquire(who.user.username);
        joiner = await hub.open(params, who);
      } catch (err) {
        release?.();
        audit(err instanceof HttpStatusError ? err.code : 'error', { detail: (err as Error).message });
        throw err;
      }
      const ws = await acceptBrowser(wss, req, socket, head);
      if (!ws) {
        release();
        joiner.abandon();
        return;
      }
      const opened = Date.now();
      const stopExpiry = closeAtExpiry(who, (code, reason) => ws.close(code, reason));
      ws.once('close', (code) => {
        stopExpiry();
        release();
        audit(`browser:${code}`, { durationMs: Date.now() - opened });
      });
      joiner.join(ws, viewOnly);
    },
  };
}
