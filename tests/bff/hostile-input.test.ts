import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '@/server/start-server';
import { Browser } from '../support/http-client';
import { startBff, startTestLab, type Lab } from '../support/bff-env';

const SECRET = 'hostile-input-test-session-secret-0123456789';
let lab: Lab;
let server: RunningServer;

beforeAll(async () => {
  lab = await startTestLab({ sites: ['central'], seed: 'none' });
  server = await startBff(lab, { auth: 'token', sessionSecret: SECRET });
});

afterAll(async () => {
  await server?.close();
  await lab?.stop();
});

/** Sends bytes as they are (no client library fixes them up) and returns the raw answer. */
function raw(request: string, url = server.url): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port) });
    let answer = '';
    socket.setEncoding('latin1');
    socket.on('data', (d) => (answer += d));
    socket.on('end', () => resolve(answer));
    socket.on('error', reject);
    socket.setTimeout(10_000, () => socket.destroy(new Error(`no answer to ${JSON.stringify(request.slice(0, 40))}`)));
    socket.end(request, 'latin1');
  });
}

/** Opens a connection, sends part of a request's headers and waits for the server to act. */
function slowHeaders(url: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port) });
    let answer = '';
    socket.setEncoding('latin1');
    socket.on('data', (d) => (answer += d));
    socket.on('close', () => resolve(answer));
    socket.on('error', reject);
    socket.write('GET /api/session HTTP/1.1\r\nHost: localhost\r\nX-Slow: ');
  });
}

function signIn(b: Browser, token: string, forwardedFor: string) {
  return b.call('POST', '/api/auth/token', {
    headers: { origin: b.origin, 'content-type': 'application/json', 'x-forwarded-for': forwardedFor },
    body: JSON.stringify({ token }),
  });
}

const statusOf = (answer: string) => Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1]);

describe('hostile input', () => {
  it('a sign-in token with a control character is a 400 Status, not a 500', async () => {
    const b = new Browser(server.url);
    for (const token of ['abc\u0001def', 'line\nbreak', 'tab\tin', '\u007f', 'é'.repeat(10), 'has space']) {
      const r = await signIn(b, token, '198.51.100.1');
      expect(r.status, JSON.stringify(token)).toBe(400);
      expect(r.json()).toMatchObject({ kind: 'Status', code: 400, reason: 'BadRequest' });
      expect(r.text).not.toMatch(/\bat .*\.(ts|js):\d+/);
    }
  });

  it('limits failed sign-ins per client address: 429 before any site is asked, other addresses unaffected', async () => {
    const limited = await startBff(lab, { auth: 'token', sessionSecret: SECRET, trustProxy: true, limits: { signInFailuresPerMinute: 3 } });
    try {
      const b = new Browser(limited.url);
      for (let i = 0; i < 3; i++) expect((await signIn(b, `wrong-token-${i}`, '203.0.113.5')).status).toBe(401);
      const refused = await signIn(b, lab.tokens.operator, '203.0.113.5');
      expect(refused.status).toBe(429);
      expect(refused.json()).toMatchObject({ kind: 'Status', code: 429, reason: 'TooManyRequests' });
      expect(refused.json<{ message: string }>().message).toMatch(/try again in \d+ s/);
      // The client-sent X-Forwarded-For prefix does not choose the address: the proxy's last entry does.
      expect((await signIn(b, lab.tokens.operator, '203.0.113.6, 203.0.113.5')).status).toBe(429);
      expect((await signIn(b, lab.tokens.operator, '203.0.113.5, 203.0.113.6')).status).toBe(200);
    } finally {
      await limited.close();
    }
  });

  it('cuts a client that never finishes its headers with 408', async () => {
    const strict = await startBff(lab, { limits: { headersTimeoutMs: 1500 } });
    try {
      expect(statusOf(await slowHeaders(strict.url))).toBe(408);
    } finally {
      await strict.close();
    }
  });

  it('serves only known host names (DNS rebinding): IP literals, localhost and the allowed hosts', async () => {
    const guarded = await startBff(lab, { allowedHosts: ['console.example', '.edge.example'] });
    try {
      const port = new URL(guarded.url).port;
      const get = (host: string, path = '/api/session') => raw(`GET ${path} HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`, guarded.url);
      for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`, 'console.example', 'a.edge.example:443']) {
        expect(statusOf(await get(host)), host).not.toBe(403);
      }
      for (const host of ['rebound.attacker.example', 'console.example.attacker.example', 'edge.example.evil']) {
        const answer = await get(host);
        expect(statusOf(answer), host).toBe(403);
        expect(answer).toContain('--allowed-hosts');
      }
      expect(statusOf(await get('rebound.attacker.example', '/healthz'))).toBe(200);
      const upgrade = await raw(
        `GET /api/watch HTTP/1.1\r\nHost: rebound.attacker.example\r\nOrigin: http://rebound.attacker.example\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n`,
        guarded.url,
      );
      expect(statusOf(upgrade)).toBe(403);
    } finally {
      await guarded.close();
    }
  });

  it('sends HSTS only over https: behind a trusted proxy that says so, never on plain http', async () => {
    const proxied = await startBff(lab, { trustProxy: true });
    try {
      const b = new Browser(proxied.url);
      const https = await b.call('GET', '/healthz', { headers: { 'x-forwarded-proto': 'https' } });
      expect(https.headers['strict-transport-security']).toBe('max-age=31536000');
      expect((await b.call('GET', '/healthz')).headers['strict-transport-security']).toBeUndefined();
      const untrusted = new Browser(server.url);
      expect((await untrusted.call('GET', '/healthz', { headers: { 'x-forwarded-proto': 'https' } })).headers['strict-transport-security']).toBeUndefined();
    } finally {
      await proxied.close();
    }
  });

  it('answers malformed request targets with 400 and no stack trace', async () => {
    for (const target of ['*', '//', '/%', '/k8s/%zz/api', 'http://evil.example/api/session']) {
      const answer = await raw(`GET ${target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n`);
      expect([400, 401, 404], `${target}: ${answer.slice(0, 200)}`).toContain(statusOf(answer));
      expect(answer, target).not.toMatch(/\bat .*\.(ts|js):\d+/);
    }
  });
});
