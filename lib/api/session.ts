/**
 * The backend's sign-in and session endpoints, shared by the pages and the server: paths and
 * the payloads each answers with.
 */
export const SESSION_API = {
  /** `GET`: 200 `SignedIn`, 401 `SignedOut`. */
  session: '/api/session',
  /** `POST` `TokenSignInRequest` (token mode, same origin): 200 `SignedIn`. */
  tokenSignIn: '/api/auth/token',
  /** `POST` with Origin and `x-csrf-token`: 200 `SignedOut`. */
  signOut: '/api/auth/signout',
  /** OIDC: `GET ?returnTo=/path` redirects to the provider. */
  oidcLogin: '/api/auth/oidc/login',
  /** OIDC: the provider redirects here (register it as the redirect URI). */
  oidcCallback: '/api/auth/oidc/callback',
  /** Path of the sealed cookie that carries PKCE state between login and callback. */
  oidcCookiePath: '/api/auth/oidc',
} as const;

/**
 * Close code of every long-lived socket (watch multiplexer, consoles) whose session expired:
 * sign in again, do not reconnect.
 */
export const CLOSE_SESSION_EXPIRED = 4401;

export interface SessionUser {
  username: string;
  groups: string[];
}

export type SignInMode = 'local' | 'token' | 'oidc';

/** How the signed-out page should offer sign-in. */
export interface SignInHint {
  kind: SignInMode;
  url?: string;
}

export interface SignedIn {
  authenticated: true;
  mode: SignInMode;
  user: SessionUser;
  csrfToken: string;
}

export interface SignedOut {
  authenticated: false;
  mode?: SignInMode;
  signIn?: SignInHint;
}

export type SessionInfo = SignedIn | SignedOut;

export interface TokenSignInRequest {
  token: string;
}
