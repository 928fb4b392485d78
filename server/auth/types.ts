import type { IncomingMessage } from 'node:http';

import type { SessionUser, SignInMode } from '../../lib/api/session';

export type { SessionUser, SignInMode };

/**
 * How requests of this principal reach a cluster:
 * - `service`: the console's own kubeconfig / service-account credentials (local mode);
 * - `bearer`: the user's own token, forwarded per request (token mode);
 * - `impersonate`: the console's identity plus `Impersonate-User`/`Impersonate-Group` (OIDC).
 */
export type UpstreamCredential =
  | { kind: 'service' }
  | { kind: 'bearer'; token: string }
  | { kind: 'impersonate'; username: string; groups: string[] };

/** What a websocket route is about to open, so a scoped principal can allow or refuse it. */
export interface UpgradeTarget {
  site: string;
  namespace: string;
  name: string;
  /** `vnc`, `console`, or a route-specific kind such as `serial-hub`. */
  kind: string;
}

/** An authenticated caller: from the session cookie, or from a registered upgrade authenticator. */
export interface Principal {
  user: SessionUser;
  credential: UpstreamCredential;
  /** Which authenticator produced it: `session`, or the authenticator's name (e.g. `embed`). */
  via: string;
  /** CSRF token bound to the session (session principals only). */
  csrfToken?: string;
  /** When the session ends (ms epoch); long-lived sockets close then. */
  expiresAt?: number;
  /** Names the session in the revocation list (session principals only). */
  sessionId?: string;
  /** False once the grant was revoked (signed out, link revoked); long-lived sockets close then. */
  stillValid?(): boolean;
  /** Restricts a non-session principal (e.g. an embed link) to certain targets. */
  allows?(target: UpgradeTarget): boolean;
}

/**
 * Authenticates a websocket upgrade that carries no session cookie, e.g. an embed link's token
 * in the query string. Return undefined to let the next authenticator try; throw an
 * `HttpStatusError` to refuse with a specific status.
 */
export interface UpgradeAuthenticator {
  name: string;
  authenticate(req: IncomingMessage, url: URL): Promise<Principal | undefined>;
}

/** What the encrypted session cookie holds. Nothing else is stored anywhere. */
export interface SessionData {
  v: 1;
  mode: SignInMode;
  user: SessionUser;
  /** Token mode only: the user's bearer token (never sent back to the browser). */
  token?: string;
  csrf: string;
  /** Expiry, epoch seconds. */
  exp: number;
}
