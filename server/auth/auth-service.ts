import { hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { OidcSignIn, type OidcOptions } from './oidc';
import { RevocationList, sessionIdOf } from './revocations';
import { SessionStore } from './session';
import type { SignInMode, Principal, SessionData, UpgradeAuthenticator } from './types';

export interface AuthOptions {
  mode: SignInMode;
  /** Session secret (≥32 chars). Local mode may omit it: a random one per process is used. */
  sessionSecret?: string;
  sessionTtlSeconds?: number;
  trustProxy?: boolean;
  oidc?: OidcOptions;
  /** Identity shown for local-mode sessions (the kubeconfig's user acts for them). */
  localUser?: { username: string; groups: string[] };
  /** Where revoked sessions are kept so every replica refuses them (`--revocations-file`). */
  revocationsFile?: string;
}

/**
 * Sign-in state for one server: the session store, the local one-time link, the OIDC flow and
 * the list of upgrade authenticators other modules register (embed links, …).
 */
export class AuthService {
  readonly mode: SignInMode;
  readonly sessions: SessionStore;
  readonly oidc?: OidcSignIn;
  readonly revocations: RevocationList;
  private linkToken?: Buffer;
  private readonly upgradeAuthenticators: UpgradeAuthenticator[] = [];
  private localUser: { username: string; groups: string[] };
  /** The session secret (shared by replicas) or, in local mode without one, random per process. */
  private readonly secret: string;

  constructor(opts: AuthOptions) {
    this.mode = opts.mode;
    if (!opts.sessionSecret && opts.mode !== 'local') {
      throw new Error(`a session secret (--session-secret-file, EDGEVIRT_SESSION_SECRET_FILE or EDGEVIRT_SESSION_SECRET) is required in ${opts.mode} mode so replicas share sessions`);
    }
    this.secret = opts.sessionSecret ?? randomBytes(32).toString('base64url');
    this.sessions = new SessionStore({
      secret: this.secret,
      ttlSeconds: opts.sessionTtlSeconds ?? 8 * 3600,
      trustProxy: opts.trustProxy ?? false,
    });
    if (opts.mode === 'oidc') {
      if (!opts.oidc) throw new Error('oidc mode needs --oidc-issuer, --oidc-client-id and --oidc-redirect-uri');
      this.oidc = new OidcSignIn(opts.oidc, this.sessions);
    }
    this.localUser = opts.localUser ?? { username: 'local-admin', groups: ['system:authenticated'] };
    this.revocations = new RevocationList(opts.revocationsFile);
  }

  /** Sign-out: the session is refused from now on, by every replica sharing the revocation file. */
  revoke(p: Principal): void {
    if (p.sessionId && p.expiresAt !== undefined) this.revocations.revoke(p.sessionId, p.expiresAt);
  }

  /**
   * A key for one purpose (e.g. signing embed links), derived from the session secret with
   * HKDF, so every replica with the same secret derives the same key and no two uses share one.
   */
  derivedKey(purpose: string): Buffer {
    return Buffer.from(hkdfSync('sha256', this.secret, 'edgevirt-console', purpose, 32));
  }

  /** Local mode: a fresh one-time sign-in token (any previous one stops working). */
  issueLinkToken(): string {
    const token = randomBytes(24).toString('base64url');
    this.linkToken = Buffer.from(token);
    return token;
  }

  /** Consumes the one-time token: true exactly once for the right token. */
  consumeLinkToken(candidate: string): boolean {
    const expected = this.linkToken;
    const got = Buffer.from(candidate);
    if (!expected || expected.length !== got.length || !timingSafeEqual(expected, got)) return false;
    this.linkToken = undefined;
    return true;
  }

  get localIdentity(): { username: string; groups: string[] } {
    return this.localUser;
  }

  /** Local mode: the kubeconfig's identity as a cluster reported it (shown as the user). */
  setLocalIdentity(user: { username: string; groups: string[] }): void {
    this.localUser = user;
  }

  /** The session principal of a request, or undefined when signed out. */
  async principal(req: IncomingMessage): Promise<Principal | undefined> {
    const data = await this.sessions.read(req);
    if (!data || data.mode !== this.mode) return undefined;
    const p = principalFromSession(data);
    if (!p?.sessionId || this.revocations.isRevoked(p.sessionId)) return undefined;
    const { revocations } = this;
    const id = p.sessionId;
    return { ...p, stillValid: () => !revocations.isRevoked(id) };
  }

  /**
   * Adds an authenticator consulted for websocket upgrades before the session cookie (in
   * registration order). It must return undefined for requests without its credential and
   * must check `Origin` itself. Returns a function that removes it.
   */
  registerUpgradeAuthenticator(auth: UpgradeAuthenticator): () => void {
    this.upgradeAuthenticators.push(auth);
    return () => {
      const i = this.upgradeAuthenticators.indexOf(auth);
      if (i >= 0) this.upgradeAuthenticators.splice(i, 1);
    };
  }

  /**
   * Registered authenticators first (each claims only requests carrying its own credential,
   * e.g. `?embed=`, so a link's limits apply even next to a session cookie), then the session.
   * Returns how the caller was authenticated; undefined = refuse with 401.
   */
  async authenticateUpgrade(req: IncomingMessage, url: URL): Promise<Principal | undefined> {
    for (const auth of this.upgradeAuthenticators) {
      const p = await auth.authenticate(req, url);
      if (p) return p;
    }
    return this.principal(req);
  }
}

/** Maps the stored session to how its requests reach the clusters. */
export function principalFromSession(data: SessionData): Principal | undefined {
  let credential: Principal['credential'];
  if (data.mode === 'token') {
    // A token-mode session without a token must never fall back to the console's identity.
    if (!data.token) return undefined;
    credential = { kind: 'bearer', token: data.token };
  } else if (data.mode === 'oidc') {
    credential = { kind: 'impersonate', username: data.user.username, groups: data.user.groups };
  } else {
    credential = { kind: 'service' };
  }
  return { user: data.user, credential, via: 'session', csrfToken: data.csrf, sessionId: sessionIdOf(data.csrf), expiresAt: data.exp * 1000 };
}
