import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '@/server/start-server';
import { Browser } from '../support/http-client';
import { exampleVm, siteNames, startBff, startTestLab, type Lab } from '../support/bff-env';
import { signInAt, startIdp, type TestIdp } from '../support/oidc-idp';

const SECRET = 'a-test-session-secret-that-is-long-enough-0123';
let lab: Lab;
let site: string;
const vms = () => `/k8s/${site}/apis/kubevirt.io/v1/namespaces/default/virtualmachines`;

beforeAll(async () => {
  lab = await startTestLab({ sites: ['central', 'site-b'], seed: 'none' });
  site = siteNames(lab.kubeconfig)[0] ?? '';
});

afterAll(async () => {
  await lab?.stop();
});

async function tokenSignIn(b: Browser, token: string) {
  return b.call('POST', '/api/auth/token', { headers: { origin: b.origin, 'content-type': 'application/json' }, body: JSON.stringify({ token }) });
}

describe('token mode', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startBff(lab, { auth: 'token', sessionSecret: SECRET });
  });
  afterAll(async () => server?.close());

  it('signs in with a bearer token the cluster confirms, and keeps it out of the browser', async () => {
    const b = new Browser(server.url);
    const r = await tokenSignIn(b, lab.tokens.operator);
    expect(r.status).toBe(200);
    expect(r.json()).toMatchObject({ authenticated: true, mode: 'token', user: { username: 'operator' } });
    expect(r.text).not.toContain(lab.tokens.operator);
    expect(b.cookieHeader()).not.toContain(lab.tokens.operator);
    const s = await b.call('GET', '/api/session');
    expect(s.json()).toMatchObject({ authenticated: true, user: { username: 'operator', groups: expect.arrayContaining(['edgevirt:operators']) } });
    const csrf = s.json<{ csrfToken: string }>().csrfToken;
    const created = await b.write('POST', vms(), exampleVm('by-operator'), csrf);
    expect(created.status).toBe(201);
  });

  it('refuses unknown tokens and cross-origin sign-in', async () => {
    const b = new Browser(server.url);
    const bad = await tokenSignIn(b, 'not-a-real-token');
    expect(bad.status).toBe(401);
    expect(bad.json()).toMatchObject({ kind: 'Status', reason: 'Unauthorized' });
    expect(b.cookies.size).toBe(0);
    const cross = await b.call('POST', '/api/auth/token', { headers: { origin: 'https://evil.example', 'content-type': 'application/json' }, body: JSON.stringify({ token: lab.tokens.admin }) });
    expect(cross.status).toBe(403);
  });

  it("passes the cluster's 403 for a viewer's write through unchanged, and drops the browser's own identity headers", async () => {
    const b = new Browser(server.url);
    expect((await tokenSignIn(b, lab.tokens.viewer)).status).toBe(200);
    const csrf = (await b.call('GET', '/api/session')).json<{ csrfToken: string }>().csrfToken;
    const write = await b.write('POST', vms(), exampleVm('by-viewer'), csrf);
    expect(write.status).toBe(403);
    expect(write.json()).toMatchObject({ kind: 'Status', reason: 'Forbidden', code: 403 });
    expect(write.json<{ message: string }>().message).toMatch(/viewer/);
    // Were these forwarded, the viewer would act as admin (Authorization) or be refused for impersonating.
    const smuggled = await b.call('GET', vms(), { headers: { authorization: `Bearer ${lab.tokens.admin}`, 'impersonate-user': 'admin', 'impersonate-group': 'system:masters' } });
    expect(smuggled.status).toBe(200);
    const write2 = await b.call('POST', vms(), {
      headers: { origin: b.origin, 'x-csrf-token': csrf, 'content-type': 'application/json', authorization: `Bearer ${lab.tokens.admin}` },
      body: JSON.stringify(exampleVm('smuggled')),
    });
    expect(write2.status).toBe(403);
  });

  it('a session from another replica with the same secret works; another secret does not', async () => {
    const b = new Browser(server.url);
    await tokenSignIn(b, lab.tokens.viewer);
    const replica = await startBff(lab, { auth: 'token', sessionSecret: SECRET });
    const stranger = await startBff(lab, { auth: 'token', sessionSecret: `${SECRET}-other` });
    try {
      const headers = { cookie: b.cookieHeader() };
      expect((await new Browser(replica.url).call('GET', '/api/session', { headers })).status).toBe(200);
      expect((await new Browser(stranger.url).call('GET', '/api/session', { headers })).status).toBe(401);
    } finally {
      await replica.close();
      await stranger.close();
    }
  });
});

describe('oidc mode with impersonation', () => {
  let server: RunningServer;
  let idp: TestIdp;
  const client = { id: 'edgevirt-console', secret: 'console-client-secret-0123456789' };

  beforeAll(async () => {
    // The redirect URI must name the server's port, known only after it listens: reserve it by
    // starting once to learn a free port, then start for real on that port.
    const probe = await startBff(lab, { auth: 'token', sessionSecret: SECRET });
    const port = Number(new URL(probe.url).port);
    await probe.close();
    const redirectUri = `http://127.0.0.1:${port}/api/auth/oidc/callback`;
    idp = await startIdp({ alice: ['edgevirt:viewers'], bob: ['edgevirt:operators'] }, { ...client, redirectUri });
    server = await startBff(lab, {
      port,
      auth: 'oidc',
      sessionSecret: SECRET,
      consoleToken: lab.tokens.console,
      oidc: { issuer: idp.issuer, clientId: client.id, clientSecret: client.secret, redirectUri, usernameClaim: 'preferred_username' },
    });
  });
  afterAll(async () => {
    await server?.close();
    await idp?.close();
  });

  async function signIn(username: string): Promise<{ b: Browser; csrf: string }> {
    const b = new Browser(server.url);
    const jar = new Map<string, Map<string, string>>();
    const callback = await signInAt(`${server.url}/api/auth/oidc/login?returnTo=/vms`, username, `${server.url}/api/auth/oidc/callback`, jar);
    // The pending-login cookie was set on our origin during the first hop.
    for (const [k, v] of jar.get(b.origin) ?? []) b.cookies.set(k, v);
    const u = new URL(callback);
    const done = await b.call('GET', u.pathname + u.search);
    expect(done.status).toBe(303);
    expect(done.headers.location).toBe('/vms');
    const s = await b.call('GET', '/api/session');
    expect(s.status).toBe(200);
    return { b, csrf: s.json<{ csrfToken: string }>().csrfToken };
  }

  it('signs in through the provider with PKCE and maps the claims', async () => {
    const { b } = await signIn('alice');
    const s = (await b.call('GET', '/api/session')).json();
    expect(s).toMatchObject({ authenticated: true, mode: 'oidc', user: { username: 'alice', groups: ['edgevirt:viewers'] } });
  });

  it("applies the user's RBAC through impersonation: a viewer reads but may not write, an operator writes", async () => {
    const alice = await signIn('alice');
    expect((await alice.b.call('GET', vms())).status).toBe(200);
    const denied = await alice.b.write('POST', vms(), exampleVm('by-alice'), alice.csrf);
    expect(denied.status).toBe(403);
    expect(denied.json<{ message: string }>().message).toMatch(/alice/);
    const bob = await signIn('bob');
    const created = await bob.b.write('POST', vms(), exampleVm('by-bob'), bob.csrf);
    expect(created.status).toBe(201);
  });

  it('refuses a callback without the pending sign-in cookie (login CSRF)', async () => {
    const b = new Browser(server.url);
    const r = await b.call('GET', '/api/auth/oidc/callback?code=forged&state=forged');
    expect(r.status).toBe(400);
    expect(b.cookies.has('edgevirt_session')).toBe(false);
  });
});
