import type { IncomingMessage, ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { AuthService } from '@/server/auth/auth-service';
import { parseCookies } from '@/server/auth/cookies';
import { SESSION_COOKIE } from '@/server/auth/session';

function fakeReq(cookie?: string): IncomingMessage {
  return { headers: cookie ? { cookie } : {}, socket: {} } as unknown as IncomingMessage;
}

function capture(): ServerResponse & { cookies: string[] } {
  const headers = new Map<string, unknown>();
  return {
    getHeader: (n: string) => headers.get(n),
    setHeader: (n: string, v: unknown) => headers.set(n, v),
    get cookies() {
      return (headers.get('set-cookie') as string[]) ?? [];
    },
  } as unknown as ServerResponse & { cookies: string[] };
}

const secret = 'x'.repeat(40);

describe('sessions', () => {
  it('round-trips an encrypted httpOnly cookie and binds a CSRF token', async () => {
    const auth = new AuthService({ mode: 'token', sessionSecret: secret });
    const res = capture();
    const data = await auth.sessions.create(fakeReq(), res, 'token', { username: 'alice', groups: ['devs'] }, 'sekret-token');
    const cookie = res.cookies[0] ?? '';
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).not.toContain('sekret-token');
    expect(cookie).not.toContain('alice');
    const value = cookie.split(';')[0] ?? '';
    const p = await auth.principal(fakeReq(value));
    expect(p?.user.username).toBe('alice');
    expect(p?.credential).toEqual({ kind: 'bearer', token: 'sekret-token' });
    expect(p?.csrfToken).toBe(data.csrf);
  });

  it('rejects a cookie sealed with another secret, tampered with, or from another mode', async () => {
    const a = new AuthService({ mode: 'token', sessionSecret: secret });
    const b = new AuthService({ mode: 'token', sessionSecret: 'y'.repeat(40) });
    const oidcSide = new AuthService({ mode: 'local', sessionSecret: secret });
    const res = capture();
    await a.sessions.create(fakeReq(), res, 'token', { username: 'alice', groups: [] }, 't');
    const value = (res.cookies[0] ?? '').split(';')[0] ?? '';
    expect(await b.principal(fakeReq(value))).toBeUndefined();
    expect(await oidcSide.principal(fakeReq(value))).toBeUndefined();
    const sealed = parseCookies(fakeReq(value)).get(SESSION_COOKIE) ?? '';
    const tampered = `${SESSION_COOKIE}=${sealed.slice(0, -4)}AAAA`;
    expect(await a.principal(fakeReq(tampered))).toBeUndefined();
  });

  it('refuses a seal made with the secret that is not a session (forged shapes)', async () => {
    const auth = new AuthService({ mode: 'token', sessionSecret: secret });
    const good = { v: 1, mode: 'token', user: { username: 'alice', groups: ['devs'] }, csrf: 'c'.repeat(32), exp: Math.ceil(Date.now() / 1000) + 60, token: 't' };
    const cookieOf = async (data: unknown) => `${SESSION_COOKIE}=${await auth.sessions.seal(data, 60)}`;
    expect(await auth.principal(fakeReq(await cookieOf(good)))).toBeDefined();
    const forged: unknown[] = [
      { ...good, exp: 'never' },
      { ...good, exp: Number.POSITIVE_INFINITY },
      { ...good, user: null },
      { ...good, user: { username: 'alice' } },
      { ...good, user: { username: '', groups: [] } },
      { ...good, user: { username: 'alice', groups: [1] } },
      { ...good, csrf: undefined },
      { ...good, v: 2 },
      { ...good, mode: 'root' },
      { ...good, token: 42 },
    ];
    for (const data of forged) expect(await auth.principal(fakeReq(await cookieOf(data))), JSON.stringify(data)).toBeUndefined();
  });

  it('expires sessions', async () => {
    const auth = new AuthService({ mode: 'local', sessionSecret: secret, sessionTtlSeconds: 2 });
    const res = capture();
    await auth.sessions.create(fakeReq(), res, 'local', { username: 'me', groups: [] });
    const value = (res.cookies[0] ?? '').split(';')[0] ?? '';
    expect(await auth.principal(fakeReq(value))).toBeDefined();
    await new Promise((r) => setTimeout(r, 3200));
    expect(await auth.principal(fakeReq(value))).toBeUndefined();
  });

  it('needs a shared secret outside local mode and consumes link tokens once', () => {
    expect(() => new AuthService({ mode: 'oidc' })).toThrow(/session-secret/);
    const local = new AuthService({ mode: 'local' });
    const t = local.issueLinkToken();
    expect(local.consumeLinkToken('nope')).toBe(false);
    expect(local.consumeLinkToken(t)).toBe(true);
    expect(local.consumeLinkToken(t)).toBe(false);
  });
});
