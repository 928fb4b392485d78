import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { HttpStatusError } from '../http/status';
import { embedClaimsOf, principalFromLink } from './embed-auth';
import { permittedByFrameAncestors } from './embed-links';
import { signEmbedToken } from './embed-token';

const secret = 'x'.repeat(40);
const identity = { user: { username: 'alice', groups: ['ops'] }, credential: { kind: 'service' as const } };
const claims = {
  site: 'central',
  namespace: 'default',
  name: 'vm1',
  kind: 'serial' as const,
  viewOnly: true,
  origins: ['http://127.0.0.2:8080'],
  by: 'alice',
};

function req(origin: string | undefined): IncomingMessage {
  return {
    headers: { host: '127.0.0.1:3000', ...(origin ? { origin } : {}) },
    socket: {},
  } as unknown as IncomingMessage;
}

function refusal(fn: () => unknown): HttpStatusError {
  try {
    fn();
  } catch (e) {
    if (e instanceof HttpStatusError) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

describe('principalFromLink', () => {
  const token = signEmbedToken(secret, claims, identity, 300);

  it('acts as the minting user, limited to the link’s VM and kind', () => {
    const p = principalFromLink(secret, token, req('http://127.0.0.1:3000'), { trustProxy: false });
    expect(p.user.username).toBe('alice');
    expect(p.via).toBe('embed');
    expect(embedClaimsOf(p)?.viewOnly).toBe(true);
    expect(p.allows?.({ site: 'central', namespace: 'default', name: 'vm1', kind: 'serial-hub' })).toBe(true);
    expect(p.allows?.({ site: 'central', namespace: 'default', name: 'vm1', kind: 'console' })).toBe(true);
    expect(p.allows?.({ site: 'central', namespace: 'default', name: 'vm1', kind: 'vnc' })).toBe(false);
    expect(p.allows?.({ site: 'central', namespace: 'default', name: 'vm2', kind: 'console' })).toBe(false);
  });

  it('accepts the link’s own parent origin and refuses any other', () => {
    expect(principalFromLink(secret, token, req('http://127.0.0.2:8080'), { trustProxy: false }).via).toBe(
      'embed',
    );
    const e = refusal(() =>
      principalFromLink(secret, token, req('http://127.0.0.3:8080'), { trustProxy: false }),
    );
    expect(e.code).toBe(403);
  });

  it('refuses expired and tampered links with 401', () => {
    const old = signEmbedToken(secret, claims, identity, 1, Date.now() - 5_000);
    expect(
      refusal(() => principalFromLink(secret, old, req(undefined), { trustProxy: false })),
    ).toMatchObject({ code: 401, reason: 'Expired' });
    const bad = token.slice(0, -3) + (token.endsWith('abc') ? 'xyz' : 'abc');
    expect(
      refusal(() => principalFromLink(secret, bad, req(undefined), { trustProxy: false })),
    ).toMatchObject({ code: 401, reason: 'Unauthorized' });
  });
});

describe('permittedByFrameAncestors', () => {
  it('matches exact origins, any port of a host, and *', () => {
    expect(permittedByFrameAncestors('http://127.0.0.2:8080', ['http://127.0.0.2:8080'])).toBe(true);
    expect(permittedByFrameAncestors('http://127.0.0.2:8080', ['http://127.0.0.2:*'])).toBe(true);
    expect(permittedByFrameAncestors('http://127.0.0.2', ['http://127.0.0.2:*'])).toBe(true);
    expect(permittedByFrameAncestors('http://127.0.0.22:8080', ['http://127.0.0.2:*'])).toBe(false);
    expect(permittedByFrameAncestors('https://a.test', ['*'])).toBe(true);
    expect(permittedByFrameAncestors('https://a.test', [])).toBe(false);
  });
});
