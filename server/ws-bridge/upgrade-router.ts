import { STATUS_CODES, type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Principal } from '../auth/types';
import type { ServerContext } from '../context';
import { clientAddress, isAllowedHost, isSameOrigin } from '../http/origin';
import { HttpStatusError, reasonFor } from '../http/status';
import { failureStatus } from '../../lib/k8s/types';

/**
 * A websocket route. `match` returns route parameters for URLs it handles (undefined
 * otherwise). The router has already checked Origin and authenticated the caller; `handle`
 * must complete the handshake (e.g. `WebSocketServer.handleUpgrade`) or refuse by throwing an
 * `HttpStatusError` (or calling `rejectUpgrade`).
 */
export interface UpgradeRoute<P = unknown> {
  name: string;
  match(url: URL, req: IncomingMessage): P | undefined;
  handle(
    req: IncomingMessage,
    socket: Duplex,
    head: Buffer,
    ctx: { params: P; principal: Principal; url: URL; server: ServerContext },
  ): Promise<void>;
}

/**
 * Owns the HTTP `upgrade` event: finds the route, authenticates (registered upgrade
 * authenticators, then the session cookie), requires a same-origin `Origin` for session callers
 * (authenticators check Origin themselves), and refuses with an HTTP status before any
 * handshake when something is wrong.
 */
export class UpgradeRouter {
  private readonly routes: UpgradeRoute<never>[] = [];
  /** Fallback for unmatched upgrades (Next's HMR socket in dev). */
  fallback?: (req: IncomingMessage, socket: Duplex, head: Buffer) => void;

  /** Adds a route; `first: true` puts it before the built-in ones (to take a path over). */
  register<P>(route: UpgradeRoute<P>, opts: { first?: boolean } = {}): () => void {
    const r = route as unknown as UpgradeRoute<never>;
    if (opts.first) this.routes.unshift(r);
    else this.routes.push(r);
    return () => {
      const i = this.routes.indexOf(r);
      if (i >= 0) this.routes.splice(i, 1);
    };
  }

  async handle(req: IncomingMessage, socket: Duplex, head: Buffer, server: ServerContext): Promise<void> {
    socket.on('error', () => socket.destroy());
    const url = new URL(req.url ?? '/', 'http://internal');
    // Refusals before a route takes over are audited here (routes audit their own).
    const refuse = (err: HttpStatusError, principal?: Principal) => {
      server.audit.write({
        type: 'upgrade',
        user: principal?.user.username ?? '(anonymous)',
        verb: 'upgrade',
        resource: url.pathname,
        status: err.code,
        detail: err.message,
        remote: clientAddress(req, server.trustProxy),
      });
      rejectUpgrade(socket, err);
    };
    if (!isAllowedHost(req, server.trustProxy, server.allowedHosts)) {
      refuse(
        new HttpStatusError(
          403,
          'Forbidden',
          'websocket to a host name not served here refused (DNS-rebinding guard)',
        ),
      );
      return;
    }
    let matched: { route: UpgradeRoute<never>; params: unknown } | undefined;
    try {
      for (const route of this.routes) {
        const params = route.match(url, req);
        if (params !== undefined) {
          matched = { route, params };
          break;
        }
      }
    } catch (err) {
      refuse(
        err instanceof HttpStatusError ? err : new HttpStatusError(400, 'BadRequest', (err as Error).message),
      );
      return;
    }
    if (!matched) {
      if (this.fallback) this.fallback(req, socket, head);
      else refuse(new HttpStatusError(404, 'NotFound', 'no websocket endpoint here'));
      return;
    }
    let principal: Principal | undefined;
    try {
      principal = await server.auth.authenticateUpgrade(req, url);
      // Cookies ride along on cross-site websockets, so a session principal needs our own
      // Origin. An authenticator's credential is in the URL and it checks Origin itself.
      if (
        (!principal || principal.via === 'session') &&
        !isSameOrigin(req, server.trustProxy, server.publicOrigins)
      ) {
        throw new HttpStatusError(403, 'Forbidden', 'cross-origin websocket refused');
      }
      if (!principal) throw new HttpStatusError(401, 'Unauthorized', 'sign in first');
    } catch (err) {
      refuse(
        err instanceof HttpStatusError
          ? err
          : new HttpStatusError(500, 'InternalError', (err as Error).message),
        principal,
      );
      return;
    }
    try {
      await matched.route.handle(req, socket, head, {
        params: matched.params as never,
        principal,
        url,
        server,
      });
    } catch (err) {
      const e =
        err instanceof HttpStatusError
          ? err
          : new HttpStatusError(500, 'InternalError', (err as Error).message);
      rejectUpgrade(socket, e);
    }
  }
}

/** Answers an upgrade request with a plain HTTP error and a `Status` body, then closes. */
export function rejectUpgrade(socket: Duplex, err: HttpStatusError): void {
  if (socket.destroyed || !socket.writable) return;
  const body = JSON.stringify(failureStatus(err.code, err.reason || reasonFor(err.code), err.message));
  socket.end(
    `HTTP/1.1 ${err.code} ${STATUS_CODES[err.code] ?? 'Error'}\r\n` +
      'Connection: close\r\nContent-Type: application/json\r\nCache-Control: no-store\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}
