import { request } from 'node:http';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '@/server/start-server';
import { Browser } from '../support/http-client';
import { eventually, exampleVm, siteNames, startBff, startTestLab, tempFile, type Lab } from '../support/bff-env';

let lab: Lab;
let server: RunningServer;
let browser: Browser;
let sites: string[];
let csrf: string;
const auditPath = tempFile('audit.jsonl');
const vmPath = (site: string, ns: string, name = '') => `/k8s/${site}/apis/kubevirt.io/v1/namespaces/${ns}/virtualmachines${name ? `/${name}` : ''}`;

beforeAll(async () => {
  lab = await startTestLab();
  server = await startBff(lab, { auth: 'local', auditLog: auditPath });
  browser = new Browser(server.url);
  sites = siteNames(lab.kubeconfig);
});

afterAll(async () => {
  await server?.close();
  await lab?.stop();
});

describe('local mode: health, sign-in and headers', () => {
  it('answers /healthz and /readyz as JSON without sign-in', async () => {
    const h = await browser.call('GET', '/healthz');
    expect(h.status).toBe(200);
    expect(h.json()).toEqual({ status: 'ok' });
    const r = await browser.call('GET', '/readyz');
    expect(r.status).toBe(200);
    expect(r.json()).toMatchObject({ ready: true, sites: sites.length });
  });

  it('refuses signed-out requests with 401', async () => {
    const s = await browser.call('GET', '/api/session');
    expect(s.status).toBe(401);
    expect(s.json()).toMatchObject({ authenticated: false, mode: 'local' });
    expect((await browser.call('GET', '/api/clusters')).status).toBe(401);
    const p = await browser.call('GET', `/k8s/${sites[0]}/api/v1/namespaces`);
    expect(p.status).toBe(401);
    expect(p.json()).toMatchObject({ kind: 'Status', code: 401, reason: 'Unauthorized' });
  });

  it('signs in once with the printed link, then the link is spent', async () => {
    const link = new URL(server.signInUrl ?? '');
    const first = await browser.call('GET', link.pathname + link.search);
    expect(first.status).toBe(303);
    expect(first.headers.location).toBe('/');
    const cookie = String(first.headers['set-cookie']);
    expect(cookie).toMatch(/edgevirt_session=.+; Path=\/; HttpOnly; SameSite=Lax; Max-Age=\d+/);
    const s = await browser.call('GET', '/api/session');
    expect(s.status).toBe(200);
    const body = s.json<{ authenticated: boolean; user: { username: string }; csrfToken: string }>();
    expect(body.authenticated).toBe(true);
    // The kubeconfig's own identity, as the cluster reports it.
    expect(body.user.username).toBe('admin');
    expect(body.csrfToken.length).toBeGreaterThan(20);
    csrf = body.csrfToken;
    const other = new Browser(server.url);
    const again = await other.call('GET', link.pathname + link.search);
    expect(again.status).toBe(303);
    expect(again.headers.location).toBe('/?signin=expired');
    expect(other.cookies.size).toBe(0);
  });

  it('sets security headers on every response', async () => {
    for (const path of ['/healthz', '/api/session', `/k8s/${sites[0]}/version`, '/no-such-page']) {
      const r = await browser.call('GET', path);
      expect(r.headers['content-security-policy']).toMatch(/frame-ancestors 'none'/);
      expect(r.headers['content-security-policy']).toMatch(/script-src 'self'/);
      expect(r.headers['x-content-type-options']).toBe('nosniff');
      expect(r.headers['referrer-policy']).toBe('no-referrer');
      expect(r.headers['x-frame-options']).toBe('DENY');
    }
  });

  it('lists the sites with their reachability', async () => {
    const r = await browser.call('GET', '/api/clusters');
    expect(r.status).toBe(200);
    const items = r.json<{ items: { name: string; status: string; rttMs: number; server: string; lastSeen: string }[] }>().items;
    expect(items.map((i) => i.name)).toEqual(sites);
    for (const i of items) {
      // Healthy, or degraded when this machine is too busy to answer probes quickly.
      expect(['healthy', 'degraded']).toContain(i.status);
      expect(typeof i.rttMs).toBe('number');
      expect(i.server).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      expect(Date.parse(i.lastSeen)).not.toBeNaN();
    }
  });
});

describe('local mode: the Kubernetes proxy', () => {
  it('proxies reads', async () => {
    const r = await browser.call('GET', `/k8s/${sites[0]}/apis/kubevirt.io/v1/virtualmachines?limit=5`);
    expect(r.status).toBe(200);
    expect(r.json()).toMatchObject({ kind: 'VirtualMachineList' });
  });

  it('needs a same-origin Origin and the CSRF header for writes', async () => {
    const path = vmPath(sites[0] ?? '', 'default');
    const body = JSON.stringify(exampleVm('bff-csrf'));
    const noOrigin = await browser.call('POST', path, { headers: { 'content-type': 'application/json', 'x-csrf-token': csrf }, body });
    expect(noOrigin.status).toBe(403);
    const evil = await browser.call('POST', path, { headers: { origin: 'https://evil.example', 'content-type': 'application/json', 'x-csrf-token': csrf }, body });
    expect(evil.status).toBe(403);
    expect(evil.json()).toMatchObject({ kind: 'Status', reason: 'Forbidden', message: 'cross-origin request refused' });
    const noCsrf = await browser.call('POST', path, { headers: { origin: browser.origin, 'content-type': 'application/json' }, body });
    expect(noCsrf.status).toBe(403);
    const ok = await browser.write('POST', path, body, csrf);
    expect(ok.status).toBe(201);
    expect(ok.json()).toMatchObject({ kind: 'VirtualMachine', metadata: { name: 'bff-csrf' } });
    const audit = await eventually(async () => {
      const lines = readFileSync(auditPath, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
      return lines.find((l) => l.verb === 'POST' && l.status === 201);
    });
    expect(audit).toMatchObject({ type: 'request', site: sites[0], resource: '/apis/kubevirt.io/v1/namespaces/default/virtualmachines' });
    expect(typeof audit.durationMs).toBe('number');
    expect(audit.bytesIn).toBe(Buffer.byteLength(body));
    const refused = await eventually(async () =>
      readFileSync(auditPath, 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as Record<string, unknown>)
        .find((l) => l.verb === 'POST' && l.status === 403 && l.detail === 'cross-origin request refused'),
    );
    expect(refused).toMatchObject({ user: 'admin', site: sites[0] });
  });

  it('refuses path tricks and unknown sites', async () => {
    const s = sites[0] ?? '';
    const dots = await browser.call('GET', `/k8s/${s}/api/v1/namespaces/../../../../healthz`);
    expect(dots.status).toBe(400);
    expect(dots.json()).toMatchObject({ kind: 'Status', code: 400 });
    expect((await browser.call('GET', `/k8s/${s}/api/v1/namespaces/default%2Fsecrets`)).status).toBe(400);
    expect((await browser.call('GET', `/k8s/${s}/api/v1/namespaces/%2e%2e/pods`)).status).toBe(400);
    expect((await browser.call('GET', `/k8s/${s}//api/v1/pods`)).status).toBe(400);
    const exec = await browser.call('POST', `/k8s/${s}/api/v1/namespaces/default/pods/p/exec?command=sh`, { headers: { origin: browser.origin, 'x-csrf-token': csrf } });
    expect(exec.status).toBe(403);
    expect(exec.json()).toMatchObject({ kind: 'Status', reason: 'Forbidden' });
    // A fragment mark would end the path upstream: `proxy#` must not slip past the deny-list.
    const fragment = await browser.call('GET', `/k8s/${s}/api/v1/namespaces/default/pods/p/proxy#`);
    expect(fragment.status).toBe(400);
    expect(fragment.json()).toMatchObject({ kind: 'Status', code: 400, reason: 'BadRequest' });
    expect((await browser.call('GET', `/k8s/${s}/api/v1/namespaces?watch=1#x`)).status).toBe(400);
    expect((await browser.call('GET', `/k8s/${s}/api/v1/namespaces/a"b/pods`)).status).toBe(400);
    const unknown = await browser.call('GET', '/k8s/no-such-site/api/v1/namespaces');
    expect(unknown.status).toBe(404);
    expect(unknown.json()).toMatchObject({ kind: 'Status', message: 'site "no-such-site" not found' });
  });

  it('refuses a 6 MB body with 413, declared or chunked', async () => {
    const big = Buffer.alloc(6 * 1024 * 1024, 0x20);
    const declared = await browser.call('POST', vmPath(sites[0] ?? '', 'default'), { headers: { origin: browser.origin, 'x-csrf-token': csrf, 'content-type': 'application/json' }, body: big });
    expect(declared.status).toBe(413);
    expect(declared.json()).toMatchObject({ kind: 'Status', code: 413, reason: 'RequestEntityTooLarge' });
    const chunked = await browser.call('POST', vmPath(sites[0] ?? '', 'default'), { headers: { origin: browser.origin, 'x-csrf-token': csrf, 'content-type': 'application/json' }, body: big, chunked: true });
    expect(chunked.status).toBe(413);
  });

  it('streams a watch event as it happens, while the stream stays open', async () => {
    const site = sites[0] ?? '';
    const list = await browser.call('GET', vmPath(site, 'default'));
    const rv = list.json<{ metadata: { resourceVersion: string } }>().metadata.resourceVersion;
    const u = new URL(server.url);
    const events: { type: string; object: { metadata: { name: string } } }[] = [];
    let ended = false;
    const req = request({ host: u.hostname, port: u.port, path: `${vmPath(site, 'default')}?watch=true&resourceVersion=${rv}`, headers: { cookie: browser.cookieHeader() } });
    const opened = new Promise<number>((resolve) =>
      req.on('response', (res) => {
        resolve(res.statusCode ?? 0);
        let buf = '';
        res.on('data', (c: Buffer) => {
          buf += c.toString('utf8');
          let nl: number;
          while ((nl = buf.indexOf('\n')) >= 0) {
            const line = buf.slice(0, nl).trim();
            buf = buf.slice(nl + 1);
            if (line) events.push(JSON.parse(line) as (typeof events)[number]);
          }
        });
        res.on('end', () => (ended = true));
      }),
    );
    req.end();
    expect(await opened).toBe(200);
    const created = await browser.write('POST', vmPath(site, 'default'), exampleVm('bff-watched'), csrf);
    expect(created.status).toBe(201);
    const ev = await eventually(async () => events.find((e) => e.object.metadata.name === 'bff-watched'), 10_000);
    expect(ev.type).toBe('ADDED');
    expect(ended).toBe(false);
    req.destroy();
  });
});

describe('local mode: site reachability', () => {
  it('reports a partitioned site unreachable, keeps serving the others, and sees it recover', async () => {
    const victim = sites[sites.length - 1] ?? '';
    await lab.site(victim).setFaults({ partition: true });
    const down = await eventually(async () => {
      const items = (await browser.call('GET', '/api/clusters')).json<{ items: { name: string; status: string; message: string }[] }>().items;
      return items.find((i) => i.name === victim && i.status === 'unreachable');
    });
    expect(down.message.length).toBeGreaterThan(0);
    const viaProxy = await browser.call('GET', `/k8s/${victim}/api/v1/namespaces`);
    expect([502, 504]).toContain(viaProxy.status);
    expect(viaProxy.json()).toMatchObject({ kind: 'Status', status: 'Failure' });
    expect((await browser.call('GET', '/readyz')).status).toBe(sites.length > 1 ? 200 : 503);
    await lab.site(victim).setFaults({ partition: false });
    await eventually(async () => {
      const items = (await browser.call('GET', '/api/clusters')).json<{ items: { name: string; status: string; message: string }[] }>().items;
      return items.find((i) => i.name === victim && (i.status === 'healthy' || i.status === 'degraded') && i.message.startsWith('HTTP'));
    }, 30_000);
    expect((await browser.call('GET', `/k8s/${victim}/api/v1/namespaces`)).status).toBe(200);
  });
});

describe('local mode: sign-out', () => {
  it('ends the session', async () => {
    const out = await browser.call('POST', '/api/auth/signout', { headers: { origin: browser.origin, 'x-csrf-token': csrf } });
    expect(out.status).toBe(200);
    expect(String(out.headers['set-cookie'])).toMatch(/Max-Age=0/);
    expect(browser.cookies.size).toBe(0);
    expect((await browser.call('GET', '/api/session')).status).toBe(401);
  });
});
