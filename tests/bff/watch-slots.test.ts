import { request, type ClientRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '@/server/start-server';
import { Browser } from '../support/http-client';
import { siteNames, startBff, startTestLab, type Lab } from '../support/bff-env';

const SECRET = 'watch-slots-test-session-secret-0123456789';
let lab: Lab;
let site: string;
const open: ClientRequest[] = [];

beforeAll(async () => {
  lab = await startTestLab({ sites: ['central'], seed: 'none' });
  site = siteNames(lab.kubeconfig)[0] ?? '';
});

afterAll(async () => {
  for (const r of open) r.destroy();
  await lab?.stop();
});

async function signedIn(server: RunningServer, token: string): Promise<Browser> {
  const b = new Browser(server.url);
  const r = await b.call('POST', '/api/auth/token', { headers: { origin: b.origin, 'content-type': 'application/json' }, body: JSON.stringify({ token }) });
  expect(r.status).toBe(200);
  return b;
}

/** Opens a watch stream through the proxy and resolves with its status once the headers arrive. */
function watch(b: Browser, resource = 'pods'): Promise<number> {
  const u = new URL(b.base);
  return new Promise((resolve, reject) => {
    const req = request({ host: u.hostname, port: u.port, path: `/k8s/${site}/api/v1/namespaces/default/${resource}?watch=true`, headers: { cookie: b.cookieHeader() } }, (res) => {
      resolve(res.statusCode ?? 0);
      if (res.statusCode !== 200) res.resume();
    });
    req.on('error', reject);
    req.end();
    open.push(req);
  });
}

describe('upstream watch slots', () => {
  it("one user's watches cannot use up the connections other users' requests need", async () => {
    // 260 open watches: more than the 256 request sockets a site has per identity kind.
    const server = await startBff(lab, { auth: 'token', sessionSecret: SECRET, limits: { upstreamTimeoutMs: 5000, maxWatchesPerUserPerSite: 300 } });
    try {
      const viewer = await signedIn(server, lab.tokens.viewer);
      const statuses = await Promise.all(Array.from({ length: 260 }, () => watch(viewer)));
      expect(statuses.filter((s) => s !== 200)).toEqual([]);
      const operator = await signedIn(server, lab.tokens.operator);
      const list = await operator.call('GET', `/k8s/${site}/api/v1/namespaces/default/pods`);
      expect(list.status).toBe(200);
    } finally {
      for (const r of open.splice(0)) r.destroy();
      await server.close();
    }
  });

  it('caps open watches per user and site with a 429 that says why; a closed watch frees its slot', async () => {
    const server = await startBff(lab, { auth: 'token', sessionSecret: SECRET, limits: { maxWatchesPerUserPerSite: 3 } });
    try {
      const viewer = await signedIn(server, lab.tokens.viewer);
      expect(await Promise.all([watch(viewer), watch(viewer), watch(viewer)])).toEqual([200, 200, 200]);
      expect(await watch(viewer)).toBe(429);
      const operator = await signedIn(server, lab.tokens.operator);
      expect(await watch(operator)).toBe(200);
      open.shift()?.destroy();
      await expect.poll(() => watch(viewer), { timeout: 10_000 }).toBe(200);
    } finally {
      for (const r of open.splice(0)) r.destroy();
      await server.close();
    }
  });
});
