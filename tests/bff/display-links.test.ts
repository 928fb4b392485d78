import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import {
  DISPLAY_LINKS_PATH,
  FLEET_STREAM_PATH,
  NOC_HEARTBEAT_PATH,
  type CreatedDisplayLink,
  type NocHeartbeatReport,
} from '@/lib/api/fleet';
import { CONSOLE_PING_PREFIX, CONSOLE_PROBE_PREFIX } from '@/lib/api/console';
import { WATCH_MUX_PATH } from '@/lib/api/watch-mux';
import { SESSION_API } from '@/lib/api/session';
import type { RunningServer } from '@/server/start-server';
import { Browser } from '../support/http-client';
import { eventually, startBff, startTestLab, tempFile, type Lab } from '../support/bff-env';
import { openFleetStream, type FleetStreamClient } from '../support/sse-client';

const SITES = ['central', 'site-factory-01'];
let lab: Lab;
let server: RunningServer;
let browser: Browser;
let csrf: string;
const file = tempFile('display-links.json');
const streams: FleetStreamClient[] = [];

async function signIn(s: RunningServer): Promise<void> {
  browser = new Browser(s.url);
  const link = new URL(s.signInUrl ?? '');
  await browser.call('GET', link.pathname + link.search);
  csrf = (await browser.call('GET', SESSION_API.session)).json<{ csrfToken: string }>().csrfToken;
}

async function create(name: string, sites?: string[]): Promise<CreatedDisplayLink> {
  const r = await browser.write('POST', DISPLAY_LINKS_PATH, { name, sites, ttlSeconds: 3600 }, csrf);
  expect(r.status).toBe(201);
  return r.json<CreatedDisplayLink>();
}

async function stream(token: string): Promise<FleetStreamClient> {
  const s = await openFleetStream(`${server.url}${FLEET_STREAM_PATH}?display=${encodeURIComponent(token)}`);
  streams.push(s);
  return s;
}

beforeAll(async () => {
  lab = await startTestLab({ sites: SITES });
  server = await startBff(lab, { fleet: { displayLinksFile: file, coalesceMs: 100 } });
  await signIn(server);
}, 60_000);

afterAll(async () => {
  for (const s of streams) s.close();
  await server?.close();
  await lab?.stop();
});

describe('display links', () => {
  it('refuses bad input with the reason and refuses writes without CSRF', async () => {
    const noName = await browser.write('POST', DISPLAY_LINKS_PATH, { ttlSeconds: 3600 }, csrf);
    expect(noName.status).toBe(400);
    expect(noName.json<{ message: string }>().message).toContain('"name" is required');
    const badSite = await browser.write(
      'POST',
      DISPLAY_LINKS_PATH,
      { name: 'x', sites: ['nowhere'], ttlSeconds: 3600 },
      csrf,
    );
    expect(badSite.status).toBe(400);
    expect(badSite.json<{ message: string }>().message).toBe('site "nowhere" not found');
    const noCsrf = await browser.write('POST', DISPLAY_LINKS_PATH, { name: 'x', ttlSeconds: 3600 }, 'wrong');
    expect(noCsrf.status).toBe(403);
  });

  it('opens the summary stream of its scope only', async () => {
    const link = await create('NOC wall central', ['central']);
    expect(link.path).toBe(`/noc?display=${encodeURIComponent(link.token)}`);
    const s = await stream(link.token);
    expect(s.status).toBe(200);
    await eventually(async () => s.sites.get('central')?.live);
    expect([...s.sites.keys()]).toEqual(['central']);
    const listed = (await browser.call('GET', DISPLAY_LINKS_PATH)).json<{
      items: { id: string; name: string }[];
    }>();
    expect(listed.items.map((i) => i.name)).toContain('NOC wall central');
    expect(JSON.stringify(listed)).not.toContain(link.token.split('.')[1]);
  });

  it('is refused by every other route: proxy, sites, watch socket, consoles, writes, link admin', async () => {
    const link = await create('NOC wall refusals');
    const q = `display=${encodeURIComponent(link.token)}`;
    const bare = new Browser(server.url);
    for (const path of [
      `/k8s/central/api/v1/nodes?${q}`,
      `/api/clusters?${q}`,
      `${DISPLAY_LINKS_PATH}?${q}`,
      `${CONSOLE_PING_PREFIX}central?${q}`,
    ]) {
      const r = await bare.call('GET', path);
      expect([401, 403], path).toContain(r.status);
    }
    // The console probe answers 200 by design, saying why a console would be refused.
    const probe = await bare.call('GET', `${CONSOLE_PROBE_PREFIX}vnc/central/production/web-01?${q}`);
    expect(probe.json<{ status: string }>().status).toBe('unauthorized');
    const write = await bare.call(
      'POST',
      `/k8s/central/apis/kubevirt.io/v1/namespaces/production/virtualmachines?${q}`,
      {
        headers: {
          origin: bare.origin,
          'content-type': 'application/json',
          authorization: `Bearer ${link.token}`,
        },
        body: '{}',
      },
    );
    expect([401, 403]).toContain(write.status);
    const mint = await bare.call('POST', `/api/console/embed-links?${q}`, {
      headers: { origin: bare.origin, 'content-type': 'application/json' },
      body: '{}',
    });
    expect([401, 403]).toContain(mint.status);
    const ws = new WebSocket(`${server.url.replace('http', 'ws')}${WATCH_MUX_PATH}?${q}`, {
      origin: bare.origin,
    });
    const code = await new Promise<number>((resolve) => {
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('open', () => resolve(101));
      ws.on('error', () => undefined);
    });
    ws.terminate();
    expect([401, 403]).toContain(code);
  });

  it('a revoked link ends its open screen and opens no other', async () => {
    const link = await create('NOC wall to revoke');
    const s = await stream(link.token);
    await eventually(async () => s.sites.size === SITES.length);
    const r = await browser.write('DELETE', `${DISPLAY_LINKS_PATH}/${link.id}`, '', csrf);
    expect(r.status).toBe(200);
    await s.ended;
    expect(s.events).toContain('end');
    const again = await stream(link.token);
    expect(again.status).toBe(401);
  });

  it('takes screen heartbeats and tells the monitoring which screen froze', async () => {
    const link = await create('NOC wall heartbeat');
    const other = await create('NOC wall other');
    const q = (token: string) => `${NOC_HEARTBEAT_PATH}?display=${encodeURIComponent(token)}`;
    const bare = new Browser(server.url);
    const beat = (token: string, body: unknown) =>
      bare.call('POST', q(token), {
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    // Nobody reported yet: the monitoring must not read silence as health.
    expect((await bare.call('GET', q(link.token))).status).toBe(503);
    const now = new Date().toISOString();
    expect(
      (await beat(link.token, { screen: 'wall-1', version: 'v', lastFrameAt: now, connection: 'live' }))
        .status,
    ).toBe(204);
    const ok = await bare.call('GET', q(link.token));
    expect(ok.status).toBe(200);
    expect(ok.json<NocHeartbeatReport>().screens.map((s) => [s.screen, s.frozen])).toEqual([
      ['wall-1', false],
    ]);
    // A screen stuck on old data, or reconnecting, is frozen for the monitoring.
    expect(
      (
        await beat(link.token, {
          screen: 'wall-2',
          version: 'v',
          lastFrameAt: new Date(Date.now() - 10 * 60_000).toISOString(),
          connection: 'live',
        })
      ).status,
    ).toBe(204);
    const bad = await bare.call('GET', q(link.token));
    expect(bad.status).toBe(503);
    expect(bad.json<NocHeartbeatReport>().screens.find((s) => s.screen === 'wall-2')?.frozen).toBe(true);
    // Each link sees only its own screens; bad input and bad links are refused.
    expect((await bare.call('GET', q(other.token))).json<NocHeartbeatReport>().screens).toEqual([]);
    const invalid = await beat(link.token, {
      screen: 'a b',
      version: 'v',
      lastFrameAt: null,
      connection: 'live',
    });
    expect(invalid.status).toBe(400);
    expect(invalid.json<{ message: string }>().message).toContain('"screen"');
    expect(
      (await beat(`${link.id}.wrong`, { screen: 'x', version: 'v', lastFrameAt: null, connection: 'live' }))
        .status,
    ).toBe(401);
    expect((await bare.call('GET', q('nope'))).status).toBe(401);
  });

  it('keeps links and revocations across a backend restart (one file for every replica)', async () => {
    const kept = await create('NOC wall kept');
    const gone = await create('NOC wall gone');
    expect((await browser.write('DELETE', `${DISPLAY_LINKS_PATH}/${gone.id}`, '', csrf)).status).toBe(200);
    await server.close();
    server = await startBff(lab, { fleet: { displayLinksFile: file, coalesceMs: 100 } });
    const ok = await stream(kept.token);
    expect(ok.status).toBe(200);
    await eventually(async () => ok.sites.size === SITES.length);
    expect((await stream(gone.token)).status).toBe(401);
    expect((await stream(`${kept.id}.not-the-secret`)).status).toBe(401);
  });
});
