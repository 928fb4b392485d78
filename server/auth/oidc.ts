import type { IncomingMessage, ServerResponse } from 'node:http';
import * as client from 'openid-client';
import { SESSION_API } from '../../lib/api/session';
import { HttpStatusError } from '../http/status';
import { appendSetCookie, parseCookies, serializeCookie } from './cookies';
import type { SessionStore } from './session';
import type { SessionUser } from './types';
import { isSecureRequest } from '../http/origin';

export interface OidcOptions {
  issuer: string;
  clientId: string;
  /** Omit for a public client (PKCE alone). */
  clientSecret?: string;
  /** Must be registered at the provider, e.g. `https://console.example/api/auth/oidc/callback`. */
  redirectUri: string;
  scopes?: string;
  /** ID-token claim used as the Kubernetes username (kube-apiserver's default is `sub`). */
  usernameClaim?: string;
  groupsClaim?: string;
  /** Prepended to username / groups, like kube-apiserver's `--oidc-username-prefix`. */
  usernamePrefix?: string;
  groupsPrefix?: string;
}

const PENDING_COOKIE = 'edgevirt_oidc';
const PENDING_PATH = SESSION_API.oidcCookiePath;
const PENDING_TTL = 600;

interface Pending {
  verifier: string;
  state: string;
  nonce: string;
  returnTo: string;
  exp: number;
}

/** Authorization code flow with PKCE against an OpenID provider (openid-client v6). */
export class OidcSignIn {
  private configPromise?: Promise<client.Configuration>;

  constructor(
    private readonly opts: OidcOptions,
    private readonly sessions: SessionStore,
  ) {}

  /** Provider metadata, discovered once; a failed discovery is retried on the next sign-in. */
  private config(): Promise<client.Configuration> {
    if (!this.configPromise) {
      const url = new URL(this.opts.issuer);
      const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
      const auth = this.opts.clientSecret ? client.ClientSecretBasic(this.opts.clientSecret) : client.None();
      this.configPromise = client
        .discovery(url, this.opts.clientId, undefined, auth, loopback && url.protocol === 'http:' ? { execute: [client.allowInsecureRequests] } : undefined)
        .catch((err: Error) => {
          this.configPromise = undefined;
          throw new HttpStatusError(502, 'ServiceUnavailable', `OpenID provider discovery failed: ${err.message}`);
        });
    }
    return this.configPromise;
  }

  /** Origin of the issuer, for the CSP form-action list. */
  get issuerOrigin(): string {
    return new URL(this.opts.issuer).origin;
  }

  /** GET /api/auth/oidc/login: remembers state, nonce and verifier in a sealed cookie and redirects. */
  async login(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const config = await this.config();
    const verifier = client.randomPKCECodeVerifier();
    const pending: Pending = {
      verifier,
      state: client.randomState(),
      nonce: client.randomNonce(),
      returnTo: safeReturnTo(url.searchParams.get('returnTo')),
      exp: Math.floor(Date.now() / 1000) + PENDING_TTL,
    };
    const target = client.buildAuthorizationUrl(config, {
      redirect_uri: this.opts.redirectUri,
      scope: this.opts.scopes ?? 'openid profile email groups',
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state: pending.state,
      nonce: pending.nonce,
    });
    const sealed = await this.sessions.seal(pending, PENDING_TTL);
    appendSetCookie(res, serializeCookie(PENDING_COOKIE, sealed, { maxAgeSeconds: PENDING_TTL, secure: isSecureRequest(req, this.sessions.trustProxy), path: PENDING_PATH }));
    res.writeHead(302, { location: target.href, 'cache-control': 'no-store' });
    res.end();
  }

  /** GET /api/auth/oidc/callback: exchanges the code, derives the Kubernetes identity, starts the session. */
  async callback(req: IncomingMessage, res: ServerResponse, url: URL): Promise<{ user: SessionUser; returnTo: string }> {
    const sealed = parseCookies(req).get(PENDING_COOKIE);
    const pending = sealed ? await this.sessions.unseal<Pending>(sealed) : undefined;
    if (!pending) throw new HttpStatusError(400, 'BadRequest', 'sign-in expired or was started in another browser; start again');
    const config = await this.config();
    const current = new URL(this.opts.redirectUri);
    current.search = url.search;
    let tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>;
    try {
      tokens = await client.authorizationCodeGrant(config, current, {
        pkceCodeVerifier: pending.verifier,
        expectedState: pending.state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      });
    } catch (err) {
      throw new HttpStatusError(401, 'Unauthorized', `OpenID sign-in failed: ${(err as Error).message}`);
    }
    let claims: Record<string, unknown> = { ...(tokens.claims() ?? {}) };
    const usernameClaim = this.opts.usernameClaim ?? 'sub';
    const groupsClaim = this.opts.groupsClaim ?? 'groups';
    if ((claims[usernameClaim] === undefined || claims[groupsClaim] === undefined) && typeof claims.sub === 'string') {
      // Providers may keep profile claims out of the ID token; the userinfo endpoint has them.
      const info = await client.fetchUserInfo(config, tokens.access_token, claims.sub).catch(() => ({}));
      claims = { ...info, ...claims };
    }
    const username = claims[usernameClaim];
    if (typeof username !== 'string' || !username) throw new HttpStatusError(401, 'Unauthorized', `the ID token has no "${usernameClaim}" claim`);
    const rawGroups = claims[groupsClaim];
    const groups = Array.isArray(rawGroups) ? rawGroups.filter((g): g is string => typeof g === 'string') : [];
    appendSetCookie(res, serializeCookie(PENDING_COOKIE, '', { maxAgeSeconds: 0, secure: isSecureRequest(req, this.sessions.trustProxy), path: PENDING_PATH }));
    const user = {
      username: `${this.opts.usernamePrefix ?? ''}${username}`,
      groups: groups.map((g) => `${this.opts.groupsPrefix ?? ''}${g}`),
    };
    return { user, returnTo: pending.returnTo };
  }
}

/** Only same-site absolute paths; `//evil` and `/\evil` would leave the site. */
export function safeReturnTo(value: string | null): string {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return '/';
  return value;
}
