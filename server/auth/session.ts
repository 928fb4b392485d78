import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sealData, unsealData } from 'iron-session';
import { isSecureRequest } from '../http/origin';
import { appendSetCookie, parseCookies, serializeCookie } from './cookies';
import type { SignInMode, SessionData, SessionUser } from './types';

export const SESSION_COOKIE = 'edgevirt_session';

export interface SessionOptions {
  /** At least 32 characters; every replica must share it. */
  secret: string;
  ttlSeconds: number;
  trustProxy: boolean;
}

const MODES: readonly SignInMode[] = ['local', 'token', 'oidc'];

/**
 * Whether an unsealed cookie has the shape `create` writes. A seal made with the secret but not
 * by this code (a leaked secret, an older version) must not pass as a session: a `user: null`
 * would throw later and a non-numeric `exp` would never expire.
 */
export function isSessionData(d: unknown): d is SessionData {
  if (!d || typeof d !== 'object') return false;
  const s = d as Record<string, unknown>;
  const user = s.user as Record<string, unknown> | null | undefined;
  return (
    s.v === 1 &&
    MODES.includes(s.mode as SignInMode) &&
    typeof user === 'object' && user !== null &&
    typeof user.username === 'string' && user.username !== '' &&
    Array.isArray(user.groups) && user.groups.every((g) => typeof g === 'string') &&
    typeof s.csrf === 'string' && s.csrf.length >= 16 &&
    typeof s.exp === 'number' && Number.isFinite(s.exp) &&
    (s.token === undefined || (typeof s.token === 'string' && s.token !== ''))
  );
}

/**
 * Stateless sessions: the whole session is sealed (encrypted and authenticated with
 * iron-session) into one httpOnly cookie, so any replica holding the secret can serve it.
 */
export class SessionStore {
  constructor(private readonly opts: SessionOptions) {
    if (opts.secret.length < 32) throw new Error('the session secret must be at least 32 characters');
  }

  /** The session in the request's cookie, or undefined when absent, tampered with or expired. */
  async read(req: IncomingMessage): Promise<SessionData | undefined> {
    const sealed = parseCookies(req).get(SESSION_COOKIE);
    if (!sealed) return undefined;
    const data = await this.unseal<SessionData>(sealed);
    return data && isSessionData(data) ? data : undefined;
  }

  /** Seals arbitrary data with the session secret (used for short-lived OIDC state too). */
  seal(data: unknown, ttlSeconds: number): Promise<string> {
    return sealData(data, { password: this.opts.secret, ttl: ttlSeconds });
  }

  async unseal<T extends { exp?: number }>(sealed: string): Promise<T | undefined> {
    try {
      const data = await unsealData<T>(sealed, { password: this.opts.secret, ttl: this.opts.ttlSeconds });
      // iron-session returns {} for an expired or invalid seal.
      if (!data || typeof data !== 'object' || Object.keys(data).length === 0) return undefined;
      if (typeof data.exp === 'number' && data.exp * 1000 < Date.now()) return undefined;
      return data;
    } catch {
      return undefined;
    }
  }

  /** Starts a session: a fresh CSRF token, sealed into the cookie. */
  async create(req: IncomingMessage, res: ServerResponse, mode: SignInMode, user: SessionUser, token?: string): Promise<SessionData> {
    const data: SessionData = {
      v: 1,
      mode,
      user,
      csrf: randomBytes(24).toString('base64url'),
      exp: Math.ceil(Date.now() / 1000) + this.opts.ttlSeconds,
    };
    if (token) data.token = token;
    const sealed = await this.seal(data, this.opts.ttlSeconds);
    appendSetCookie(res, serializeCookie(SESSION_COOKIE, sealed, { maxAgeSeconds: this.opts.ttlSeconds, secure: isSecureRequest(req, this.opts.trustProxy) }));
    return data;
  }

  /** Ends the session in this browser (the cookie is the session, so deleting it is sign-out). */
  clear(req: IncomingMessage, res: ServerResponse): void {
    appendSetCookie(res, serializeCookie(SESSION_COOKIE, '', { maxAgeSeconds: 0, secure: isSecureRequest(req, this.opts.trustProxy) }));
  }

  get trustProxy(): boolean {
    return this.opts.trustProxy;
  }
}
