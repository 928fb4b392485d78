import { describe, expect, it } from 'vitest';
import { EmbedTokenError, signEmbedToken, verifyEmbedToken } from './embed-token';

const secret = 'a-session-secret-of-reasonable-length-0123456789';
const claims = {
  site: 'central',
  namespace: 'default',
  name: 'vm1',
  kind: 'vnc' as const,
  viewOnly: true,
  origins: ['http://127.0.0.2:8080'],
  by: 'alice',
};
const identity = { kind: 'token', token: 'secret-bearer-token' };

function errorOf(fn: () => unknown): EmbedTokenError {
  try {
    fn();
  } catch (e) {
    if (e instanceof EmbedTokenError) return e;
    throw e;
  }
  throw new Error('expected an EmbedTokenError');
}

describe('embed tokens', () => {
  const t0 = Date.UTC(2026, 0, 1);

  it('round-trips claims and the sealed identity', () => {
    const token = signEmbedToken(secret, claims, identity, 300, t0);
    const { claims: c, identity: i } = verifyEmbedToken<typeof identity>(secret, token, t0 + 1_000);
    expect(c).toMatchObject({ ...claims, v: 1, iat: t0 / 1000, exp: t0 / 1000 + 300 });
    expect(c.jti).toMatch(/^[A-Za-z0-9_-]{12}$/);
    expect(i).toEqual(identity);
  });

  it('never shows the identity in clear text', () => {
    const token = signEmbedToken(secret, claims, identity, 300, t0);
    const decoded = Buffer.from(token.split('.')[0]!, 'base64url').toString('utf8');
    expect(decoded).toContain('"name":"vm1"');
    expect(decoded).not.toContain('secret-bearer-token');
  });

  it('refuses an expired link', () => {
    const token = signEmbedToken(secret, claims, identity, 60, t0);
    expect(verifyEmbedToken(secret, token, t0 + 59_999).claims.name).toBe('vm1');
    expect(errorOf(() => verifyEmbedToken(secret, token, t0 + 60_000)).code).toBe('expired');
  });

  it('refuses a changed signature', () => {
    const token = signEmbedToken(secret, claims, identity, 300, t0);
    const [body, sig] = token.split('.') as [string, string];
    const flipped = sig.slice(0, -2) + (sig.endsWith('AA') ? 'AB' : 'AA');
    expect(errorOf(() => verifyEmbedToken(secret, `${body}.${flipped}`, t0)).code).toBe('signature');
  });

  it('refuses changed claims (e.g. another VM or more origins)', () => {
    const token = signEmbedToken(secret, claims, identity, 300, t0);
    const [body, sig] = token.split('.') as [string, string];
    const json = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
    json.name = 'vm2';
    json.origins.push('https://evil.test');
    const forged = Buffer.from(JSON.stringify(json)).toString('base64url');
    expect(errorOf(() => verifyEmbedToken(secret, `${forged}.${sig}`, t0)).code).toBe('signature');
  });

  it('refuses a link signed with another secret, and garbage', () => {
    const token = signEmbedToken('another-secret', claims, identity, 300, t0);
    expect(errorOf(() => verifyEmbedToken(secret, token, t0)).code).toBe('signature');
    expect(errorOf(() => verifyEmbedToken(secret, 'nonsense', t0)).code).toBe('malformed');
    expect(errorOf(() => verifyEmbedToken(secret, 'a.b.c', t0)).code).toBe('malformed');
  });
});
