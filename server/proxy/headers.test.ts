import { describe, expect, it } from 'vitest';
import { downstreamResponseHeaders, upstreamRequestHeaders } from '@/server/proxy/headers';
import { contentSecurityPolicy } from '@/server/http/security-headers';
import { healthFrom, nextProbeDelay } from '@/server/sites/probe';

describe('proxy header hygiene', () => {
  it('drops browser credentials, cookies, forwarding and hop-by-hop headers upstream', () => {
    const out = upstreamRequestHeaders(
      {
        accept: 'application/json',
        authorization: 'Bearer browser',
        'impersonate-user': 'root',
        'impersonate-group': 'system:masters',
        cookie: 'edgevirt_session=x',
        connection: 'keep-alive, x-secret',
        'x-secret': 'a',
        'keep-alive': 'timeout=5',
        'x-forwarded-for': '1.2.3.4',
        'content-type': 'application/merge-patch+json',
        'x-csrf-token': 't',
      },
      { Authorization: 'Bearer console', 'Impersonate-User': 'alice' },
    );
    expect(out).toEqual({ accept: 'application/json', 'content-type': 'application/merge-patch+json', Authorization: 'Bearer console', 'Impersonate-User': 'alice' });
  });
  it('drops hop-by-hop and cookie headers downstream', () => {
    const out = downstreamResponseHeaders({ 'content-type': 'application/json', 'transfer-encoding': 'chunked', connection: 'close, x-hop', 'x-hop': '1', 'set-cookie': ['a=b'], 'audit-id': 'z' });
    expect(out).toEqual({ 'content-type': 'application/json', 'audit-id': 'z' });
  });
  it('passes only allow-listed headers downstream: whatever a pod behind the proxy adds stays out', () => {
    const out = downstreamResponseHeaders({
      'content-type': 'text/plain',
      etag: '"1"',
      warning: '299 - "deprecated"',
      'x-powered-by': 'guest-web',
      'access-control-allow-origin': '*',
      'refresh': '0; url=https://evil.example',
      'link': '<https://evil.example/x.js>; rel=preload',
      'strict-transport-security': 'max-age=0',
      'alt-svc': 'h3=":443"',
    });
    expect(out).toEqual({ 'content-type': 'text/plain', etag: '"1"', warning: '299 - "deprecated"' });
  });
});

describe('content security policy', () => {
  const opts = { dev: false, embedFrameAncestors: ['https://portal.example'] };
  it('locks framing everywhere but /embed/*', () => {
    expect(contentSecurityPolicy('/vms', 'n1', opts)).toContain("frame-ancestors 'none'");
    expect(contentSecurityPolicy('/embed/vnc/a/b/c', 'n1', opts)).toContain('frame-ancestors https://portal.example');
    expect(contentSecurityPolicy('/embed/x', 'n1', { dev: false, embedFrameAncestors: [] })).toContain("frame-ancestors 'none'");
  });
  it('allows only our scripts plus the nonce in production', () => {
    const csp = contentSecurityPolicy('/', 'abc', opts);
    expect(csp).toContain("script-src 'self' 'nonce-abc' 'wasm-unsafe-eval'");
    expect(csp).not.toContain("'unsafe-eval'");
    expect(csp).toContain("connect-src 'self'");
    expect(contentSecurityPolicy('/', 'abc', { ...opts, dev: true })).toContain("'unsafe-eval'");
  });
});

describe('probe health policy', () => {
  const policy = { slowRttMs: 1000, failuresToUnreachable: 2 };
  it('grades results', () => {
    expect(healthFrom({ ok: true, rttMs: 20, message: '' }, 0, policy)).toBe('healthy');
    expect(healthFrom({ ok: true, rttMs: 2000, message: '' }, 0, policy)).toBe('degraded');
    expect(healthFrom({ ok: false, rttMs: 0, message: '' }, 1, policy)).toBe('degraded');
    expect(healthFrom({ ok: false, rttMs: 0, message: '' }, 2, policy)).toBe('unreachable');
  });
  it('backs off failing sites up to the cap', () => {
    expect(nextProbeDelay(0, 5000, 30000)).toBe(5000);
    expect(nextProbeDelay(1, 5000, 30000)).toBe(1250);
    expect(nextProbeDelay(3, 5000, 30000)).toBe(5000);
    expect(nextProbeDelay(10, 5000, 30000)).toBe(30000);
  });
});
