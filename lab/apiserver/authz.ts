import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { authenticate } from '../auth/identities';
import { impersonate } from '../auth/impersonation';
import { authorize, forbiddenMessage, type Attributes } from '../auth/rbac';
import { forbidden, StatusError } from '../store/status-error';
import type { ApiContext } from './context';
import type { UserInfo } from './extensions';

export const unauthorized = () => new StatusError(401, 'Unauthorized', 'Unauthorized');
export const notFoundPath = () => new StatusError(404, 'NotFound', 'the server could not find the requested resource');

/** Bearer token from the Authorization header, or from the websocket subprotocol kube-apiserver accepts. */
export function bearerToken(req: IncomingMessage): string | undefined {
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ')) return auth.slice(7).trim();
  const proto = req.headers['sec-websocket-protocol'];
  const m = /base64url\.bearer\.authorization\.k8s\.io\.([A-Za-z0-9_-]+)/.exec(proto ?? '');
  return m?.[1] ? Buffer.from(m[1], 'base64url').toString('utf8') : undefined;
}

/**
 * The x509 authenticator: a client certificate the site's CA signed names the user (CN) and its
 * groups (O). A certificate that does not verify fails authentication, as in kube-apiserver.
 */
function certificateUser(req: IncomingMessage): UserInfo | 'invalid' | undefined {
  const socket = req.socket as TLSSocket;
  if (typeof socket.getPeerCertificate !== 'function') return undefined;
  const peer = socket.getPeerCertificate();
  if (!peer || !peer.subject) return undefined;
  if (!socket.authorized) return 'invalid';
  const cn = peer.subject.CN;
  const user = Array.isArray(cn) ? cn[0] : cn;
  if (!user) return 'invalid';
  const o = peer.subject.O;
  const groups = o === undefined ? [] : Array.isArray(o) ? o : [o];
  return { username: user, groups: [...groups, 'system:authenticated'] };
}

/** Authentication (client certificate, then bearer token) then impersonation; undefined when anonymous. */
export function identify(ctx: ApiContext, req: IncomingMessage): UserInfo | undefined {
  const fromCert = certificateUser(req);
  const token = bearerToken(req);
  const user = fromCert && fromCert !== 'invalid' ? fromCert : token !== undefined ? authenticate(ctx.tokens, token) : undefined;
  if (!user && (token !== undefined || fromCert === 'invalid')) throw unauthorized();
  if (!user) return undefined;
  return impersonate(ctx.store, user, req.headers, req.rawHeaders);
}

/** RBAC check that throws the apiserver's Forbidden. */
export function requireAllowed(ctx: ApiContext, user: UserInfo, a: Attributes): void {
  if (authorize(ctx.store, user, a).allowed) return;
  const err = forbidden(forbiddenMessage(user, a));
  if (a.path === undefined) Object.assign(err, { details: { name: a.name, group: a.group, kind: a.resource } });
  throw err;
}

