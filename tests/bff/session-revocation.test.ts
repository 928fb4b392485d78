/**
 * Sign-out ends what it granted, on every replica: two backends share the session secret and
 * the revocation file; after a sign-out on one, a copy of the cookie is refused by both, and the
 * watch socket and serial console it had open close with 4401. (Before, a replayed signed-out
 * cookie kept working for its 8 hours and open consoles stayed open.)
 */
import { randomBytes } from 'node:crypto';
import { statSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import { SESSION_API, CLOSE_SESSION_EXPIRED } from '@/lib/api/session';
import { WATCH_MUX_PATH } from '@/lib/api/watch-mux';
import { CLOSE_LINK_EXPIRED, consolePingPath, EMBED_LINKS_PATH, REVOKE_EMBED_LINK_PATH, serialSocketPath } from '@/lib/api/console';
import type { RunningServer } from '@/server/start-server';
import { Browser } from '../support/http-client';
import { eventually, startBff, startTestLab, tempFile, type Lab } from '../support/bff-env';
import { openSocket } from '../support/ws-client';

const SITE = 'site-factory-01';
const PORTAL = 'http://127.0.0.2:8080';
const secret = randomBytes(32).toString('base64url');
const revocationsFile = tempFile('revocations.json');
let lab: Lab;
let a: RunningServer;
let b: RunningServer;
let revokedCookie = '';

function closed(ws: WebSocket): Promise<number> {
  return new Promise((resolve) => ws.once('close', (code: number) => resolve(code)));
}

beforeAll(async () => {
  process.env.EDGEVIRT_QEMU_CAP = '0';
  lab = await startTestLab({ sites: [SITE, 'central'] });
  const frameAncestors = [PORTAL];
  a = await startBff(lab, { auth: 'local', sessionSecret: secret, revocationsFile, frameAncestors });
  b = await startBff(lab, { auth: 'local', sessionSecret: secret, revocationsFile, frameAncestors });
}, 120_000);

afterAll(async () => {
  await a?.close();
  await b?.close();
  await lab?.stop();
});

describe('sign-out revokes the session on every replica', () => {
  it('refuses a copied cookie after sign-out and closes the sockets it opened', async () => {
    const browser = new Browser(a.url);
    const link = new URL(a.signInUrl ?? '');
    await browser.call('GET', link.pathname + link.search);
    const cookie = browser.cookieHeader();
    revokedCookie = cookie;
    const { csrfToken } = (await browser.call('GET', SESSION_API.session)).json<{ csrfToken: string }>();
    // The same cookie works on the other replica (shared secret) before sign-out.
    const onB = new Browser(b.url);
    expect((await onB.call('GET', SESSION_API.session, { headers: { cookie } })).status).toBe(200);

    const watch = await openSocket(`${a.url.replace('http', 'ws')}${WATCH_MUX_PATH}`, { origin: browser.origin, cookie });
    expect(watch.status, watch.body).toBeUndefined();
    const vm = { site: SITE, namespace: 'default', name: 'plc-gateway' };
    const serial = await eventually(async () => {
      const r = await openSocket(`${a.url.replace('http', 'ws')}${serialSocketPath(vm)}`, { origin: browser.origin, cookie, protocols: ['plain.kubevirt.io'] });
      return r.status === undefined ? r : (r.ws?.close(), undefined);
    }, 60_000, 500);
    const watchClosed = closed(watch.ws!);
    const serialClosed = closed(serial.ws!);

    const out = await browser.call('POST', SESSION_API.signOut, { headers: { origin: browser.origin, 'x-csrf-token': csrfToken } });
    expect(out.status).toBe(200);
    expect(statSync(revocationsFile).mode & 0o777).toBe(0o600);

    for (const server of [a, b]) {
      const replay = new Browser(server.url);
      // Another replica sees the revocation file change within its re-check interval (0.5 s).
      await eventually(async () => (await replay.call('GET', SESSION_API.session, { headers: { cookie } })).status === 401, 5_000);
      expect((await replay.call('GET', `/k8s/${SITE}/api/v1/namespaces`, { headers: { cookie } })).status).toBe(401);
      const ws = await openSocket(`${server.url.replace('http', 'ws')}${WATCH_MUX_PATH}`, { origin: replay.origin, cookie });
      expect(ws.status).toBe(401);
    }
    expect(await watchClosed).toBe(CLOSE_SESSION_EXPIRED);
    expect(await serialClosed).toBe(CLOSE_SESSION_EXPIRED);
  }, 120_000);

  it('keeps the revocation across a restart: a new replica on the same file refuses the cookie too', async () => {
    expect(revokedCookie).toContain('edgevirt_session=');
    const c = await startBff(lab, { auth: 'local', sessionSecret: secret, revocationsFile });
    try {
      const replay = new Browser(c.url);
      expect((await replay.call('GET', SESSION_API.session, { headers: { cookie: revokedCookie } })).status).toBe(401);
      // A session that was not signed out is served as before.
      const fresh = new Browser(c.url);
      const link = new URL(c.signInUrl ?? '');
      await fresh.call('GET', link.pathname + link.search);
      expect((await fresh.call('GET', SESSION_API.session)).status).toBe(200);
    } finally {
      await c.close();
    }
  });

  it('revokes an embed link at once: its open console on another replica closes (4410) and it opens nothing more', async () => {
    const browser = new Browser(a.url);
    // A's one-time link was used by the first test: sign in on a fresh replica's link instead.
    const c = await startBff(lab, { auth: 'local', sessionSecret: secret, revocationsFile, frameAncestors: [PORTAL] });
    try {
      const link = new URL(c.signInUrl ?? '');
      const onC = new Browser(c.url);
      await onC.call('GET', link.pathname + link.search);
      for (const [k, v] of onC.cookies) browser.cookies.set(k, v);
      const { csrfToken } = (await browser.call('GET', SESSION_API.session)).json<{ csrfToken: string }>();
      const vm = { site: SITE, namespace: 'default', name: 'plc-gateway' };
      const minted = await browser.write('POST', EMBED_LINKS_PATH, { ...vm, kind: 'serial', origins: [PORTAL] }, csrfToken);
      expect(minted.status, minted.text).toBe(201);
      const { token } = minted.json<{ token: string }>();
      const url = `${b.url.replace('http', 'ws')}${serialSocketPath(vm, token)}`;
      const open = await eventually(async () => {
        const r = await openSocket(url, { origin: PORTAL, protocols: ['plain.kubevirt.io'] });
        return r.status === undefined ? r : undefined;
      }, 30_000, 500);
      // The link's RTT ping measures its own VM's site only (it reached every site before).
      expect((await new Browser(b.url).call('GET', consolePingPath(SITE, token), { headers: { origin: PORTAL } })).status).toBe(200);
      const otherSite = await new Browser(b.url).call('GET', consolePingPath('central', token), { headers: { origin: PORTAL } });
      expect(otherSite.status, otherSite.text).toBe(403);
      const ended = closed(open.ws!);
      const revoked = await browser.write('POST', REVOKE_EMBED_LINK_PATH, { token }, csrfToken);
      expect(revoked.status, revoked.text).toBe(200);
      expect(await ended).toBe(CLOSE_LINK_EXPIRED);
      const again = await openSocket(url, { origin: PORTAL, protocols: ['plain.kubevirt.io'] });
      expect(again.status).toBe(401);
      expect(again.body).toContain('revoked');
    } finally {
      await c.close();
    }
  }, 60_000);
});
