import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Lab as LabSites } from '../../lab/lab';
import {
  MIGRATION_PROGRESS_PATH,
  migrationProgressPath,
  type MigrationProgressFrame,
} from '@/lib/api/migrations';
import type { RunningServer } from '@/server/start-server';
import { Browser } from '../support/http-client';
import { eventually, startBff, startTestLab, type Lab } from '../support/bff-env';
import { billingApiMigration } from '../support/demo-migration';
import { labApi } from '../support/lab-api';

let lab: Lab;
let server: RunningServer;
let tokenServer: RunningServer;
let browser: Browser;

async function frame(
  b: Browser,
  node: string,
): Promise<{ status: number; body: MigrationProgressFrame & { message?: string } }> {
  const r = await b.call('GET', migrationProgressPath('central', node));
  return { status: r.status, body: r.json() };
}

beforeAll(async () => {
  lab = await startTestLab({ sites: ['central'] });
  server = await startBff(lab);
  tokenServer = await startBff(lab, { auth: 'token', sessionSecret: 'x'.repeat(40) });
  browser = new Browser(server.url);
  const link = new URL(server.signInUrl ?? '');
  await browser.call('GET', link.pathname + link.search);
}, 60_000);

afterAll(async () => {
  await server?.close();
  await tokenServer?.close();
  await lab?.stop();
});

describe('migration progress through the pod proxy', () => {
  it('refuses callers without a session and asks without a site or node', async () => {
    expect((await new Browser(server.url).call('GET', migrationProgressPath('central', 'n'))).status).toBe(
      401,
    );
    expect((await browser.call('GET', `${MIGRATION_PROGRESS_PATH}?site=central`)).status).toBe(400);
    expect((await browser.call('GET', migrationProgressPath('nowhere', 'n'))).status).toBe(404);
    const none = await frame(browser, 'no-such-node');
    expect(none.status).toBe(404);
    expect(none.body.message).toBe('no running virt-handler pod on node "no-such-node" of site "central"');
  });

  it('reports a running migration from its source node, processed bytes rising between reads', async () => {
    const api = labApi(lab as unknown as LabSites, 'central');
    const { node, stop } = await billingApiMigration(api);
    const first = await eventually(
      async () => {
        const f = await frame(browser, node);
        const s = f.body.samples?.find((x) => x.vmi === 'billing-api');
        return f.status === 200 && s && s.processedBytes > 0 ? { f, s } : undefined;
      },
      30_000,
      200,
    );
    expect(first.f.body).toMatchObject({ site: 'central', node, source: 'pod-proxy' });
    expect(first.s).toMatchObject({ namespace: 'production', totalBytes: 8 * 2 ** 30 });
    expect(first.s.transferRate).toBeGreaterThan(0);
    const later = await eventually(
      async () => {
        const s = (await frame(browser, node)).body.samples.find((x) => x.vmi === 'billing-api');
        return s && s.processedBytes > first.s.processedBytes ? s : undefined;
      },
      30_000,
      200,
    );
    expect(later.processedBytes).toBeGreaterThan(first.s.processedBytes);
    // The other nodes' handlers do not report it.
    const nodes = (await api.req('GET', '/api/v1/nodes')).json.items
      .map((n: { metadata: { name: string } }) => n.metadata.name)
      .filter((n: string) => n !== node);
    for (const other of nodes)
      expect((await frame(browser, other)).body.samples.some((s) => s.vmi === 'billing-api')).toBe(false);
    await stop();
  });

  it('shares one read per identity and sample: ten asks at once answer the same frame', async () => {
    const node = (await labApi(lab as unknown as LabSites, 'central').req('GET', '/api/v1/nodes')).json
      .items[0].metadata.name as string;
    const frames = await Promise.all(Array.from({ length: 10 }, () => frame(browser, node)));
    expect(new Set(frames.map((f) => f.body.at)).size).toBe(1);
  });

  it("is refused with the cluster's answer for a user RBAC does not allow pods/proxy", async () => {
    const api = labApi(lab as unknown as LabSites, 'central');
    expect(
      (
        await api.req(
          'DELETE',
          '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/edgevirt:console:read',
        )
      ).status,
    ).toBe(200);
    const b = new Browser(tokenServer.url);
    const signIn = await b.call('POST', '/api/auth/token', {
      headers: { origin: b.origin, 'content-type': 'application/json' },
      body: JSON.stringify({ token: lab.tokens.console }),
    });
    expect(signIn.status).toBe(200);
    const node = (await labApi(lab as unknown as LabSites, 'central').req('GET', '/api/v1/nodes')).json
      .items[0].metadata.name as string;
    const r = await frame(b, node);
    expect(r.status).toBe(403);
    expect(r.body.message).toMatch(/forbidden/i);
  });
});
