/**
 * Signed, short-lived links to one VM's console, for portals that embed it in an iframe.
 * Format: `base64url(JSON claims).base64url(HMAC-SHA256(secret, first part))`. The identity
 * the console acts as is sealed inside the claims with AES-256-GCM, because in token sign-in
 * mode it carries the user's bearer token and a link may end up in a portal's logs.
 */
import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  hkdfSync,
  randomBytes,
  timingSafeEqual,
} from 'node:crypto';
import type { ConsoleKind } from '../../lib/api/console';

export interface EmbedClaims {
  v: 1;
  /** Link id, for audit logs. */
  jti: string;
  site: string;
  namespace: string;
  name: string;
  kind: ConsoleKind;
  viewOnly: boolean;
  /** Origins allowed to frame the console and to open its websocket. */
  origins: string[];
  /** Issued at / expires at, seconds since the epoch. */
  iat: number;
  exp: number;
  /** Who minted it (username), for audit. */
  by: string;
}

export type EmbedTokenErrorCode = 'malformed' | 'signature' | 'expired';

/** Why a link was refused. Thrown by `verifyEmbedToken`. */
export class EmbedTokenError extends Error {
  constructor(
    readonly code: EmbedTokenErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'EmbedTokenError';
  }
}

export interface VerifiedEmbedLink<I> {
  claims: EmbedClaims;
  identity: I;
}

function b64u(buf: Buffer): string {
  return buf.toString('base64url');
}

function keys(secret: string | Buffer): { mac: Buffer; seal: Buffer } {
  const ikm = typeof secret === 'string' ? Buffer.from(secret, 'utf8') : secret;
  const derive = (info: string) => Buffer.from(hkdfSync('sha256', ikm, Buffer.alloc(0), info, 32));
  return { mac: derive('edgevirt embed link mac'), seal: derive('edgevirt embed link seal') };
}

function seal(key: Buffer, value: unknown): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
  return b64u(Buffer.concat([iv, cipher.getAuthTag(), body]));
}

function unseal(key: Buffer, sealed: string): unknown {
  const raw = Buffer.from(sealed, 'base64url');
  const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
  decipher.setAuthTag(raw.subarray(12, 28));
  const plain = Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]);
  return JSON.parse(plain.toString('utf8'));
}

/** Mints a link token for `claims` (iat/exp/jti filled in) acting as `identity`. */
export function signEmbedToken<I>(
  secret: string | Buffer,
  claims: Omit<EmbedClaims, 'v' | 'jti' | 'iat' | 'exp'>,
  identity: I,
  ttlSeconds: number,
  now: number = Date.now(),
): string {
  const k = keys(secret);
  const iat = Math.floor(now / 1000);
  const full: EmbedClaims & { idn: string } = {
    v: 1,
    jti: b64u(randomBytes(9)),
    ...claims,
    iat,
    exp: iat + Math.max(1, Math.floor(ttlSeconds)),
    idn: seal(k.seal, identity),
  };
  const body = b64u(Buffer.from(JSON.stringify(full), 'utf8'));
  return `${body}.${b64u(createHmac('sha256', k.mac).update(body).digest())}`;
}

/** Checks signature and expiry; throws `EmbedTokenError` on any failure. */
export function verifyEmbedToken<I>(
  secret: string | Buffer,
  token: string,
  now: number = Date.now(),
): VerifiedEmbedLink<I> {
  const parts = token.split('.');
  const [body, sig] = parts;
  if (parts.length !== 2 || !body || !sig) throw new EmbedTokenError('malformed', 'malformed console link');
  const k = keys(secret);
  const expected = createHmac('sha256', k.mac).update(body).digest();
  const given = Buffer.from(sig, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new EmbedTokenError('signature', 'console link signature is invalid');
  }
  let parsed: EmbedClaims & { idn: string };
  let identity: I;
  try {
    parsed = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as EmbedClaims & { idn: string };
    identity = unseal(k.seal, parsed.idn) as I;
  } catch {
    throw new EmbedTokenError('malformed', 'malformed console link');
  }
  if (parsed.v !== 1) throw new EmbedTokenError('malformed', 'unsupported console link version');
  if (Math.floor(now / 1000) >= parsed.exp) throw new EmbedTokenError('expired', 'console link has expired');
  const { idn: _idn, ...claims } = parsed;
  return { claims, identity };
}
