/**
 * Migration progress from a site's Prometheus: Debian's `prometheus` scrapes the lab's
 * virt-handlers through the site's API server (pod proxy, as a cluster's Prometheus does with
 * a service account), and the backend started with `--prometheus central=URL` answers the same
 * frames from PromQL instead of the pod proxy, bracketed by what a backend without it reads
 * through the pod proxy. Prometheus gone: the site says so, in words.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Lab as LabSites } from '../../lab/lab';
import { migrationProgressPath, type MigrationProgressFrame } from '@/lib/api/migrations';
import { apiPath, queryString } from '@/lib/k8s/api-path';
import { HANDLER_SELECTOR, handlerMetricsPath, KUBEVIRT_NAMESPACE, POD_GVR } from '@/lib/k8s/resources/pod';
import type { RunningServer } from '@/server/start-server';
import { eventually, startBff, startTestLab, type Lab } from '../support/bff-env';
import { billingApiMigration } from '../support/demo-migration';
import { Browser } from '../support/http-client';
import { labApi } from '../support/lab-api';
import { freePort } from '../support/free-port';

const PROMETHEUS = '/usr/bin/prometheus';
let lab: Lab;
let prom: ChildProcess | undefined;
let promUrl: string;
let server: RunningServer;
let browser: Browser;
/** A second backend on the same lab without --prometheus: it reads the handlers through the pod proxy. */
let direct: RunningServer;
let viaProxy: Browser;


/** One scrape job per virt-handler pod: its metrics through the API server's pod proxy. */
function prometheusConfig(apiServer: URL, caFile: string, token: string, pods: string[]): string {
  const jobs = pods.map((pod) => ({
    job_name: pod,
    scheme: 'https',
    // Prometheus escapes the path itself: give it the name unescaped.
    metrics_path: decodeURIComponent(handlerMetricsPath(pod)),
    authorization: { credentials: token },
    tls_config: { ca_file: caFile },
    static_configs: [{ targets: [apiServer.host] }],
  }));
  return JSON.stringify({ global: { scrape_interval: '1s', scrape_timeout: '900ms' }, scrape_configs: jobs });
}

const frame = async (node: string) => {
  const r = await browser.call('GET', migrationProgressPath('central', node));
  return { status: r.status, body: r.json() as MigrationProgressFrame & { message?: string } };
};

beforeAll(async () => {
  if (spawnSync(PROMETHEUS, ['--version']).status !== 0)
    throw new Error(`${PROMETHEUS} is missing: apt-get install prometheus (.ci/run does)`);
  lab = await startTestLab({ sites: ['central'] });
  const api = labApi(lab as unknown as LabSites, 'central');
  const pods = (
    await api.req('GET', `${apiPath(POD_GVR, { namespace: KUBEVIRT_NAMESPACE })}${queryString({ labelSelector: HANDLER_SELECTOR })}`)
  ).json.items.map((p: { metadata: { name: string } }) => p.metadata.name) as string[];
  expect(pods.length).toBeGreaterThan(1);
  const dir = mkdtempSync(join(tmpdir(), 'prom-'));
  const cluster = api.kc.getCurrentCluster();
  const caFile = join(dir, 'ca.crt');
  writeFileSync(caFile, Buffer.from(cluster?.caData ?? '', 'base64'));
  // Prometheus reads YAML, and JSON is YAML.
  writeFileSync(join(dir, 'prometheus.yml'), prometheusConfig(new URL(api.server), caFile, lab.tokens.admin, pods));
  const port = await freePort();
  promUrl = `http://127.0.0.1:${port}`;
  prom = spawn(
    PROMETHEUS,
    [`--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let log = '';
  prom.stderr?.on('data', (d: Buffer) => (log = (log + d.toString()).slice(-4000)));
  // Every handler scraped through the pod proxy at least once.
  const scraped = eventually(
    async () => {
      const r = await fetch(`${promUrl}/api/v1/query?query=${encodeURIComponent('up')}`);
      const body = (await r.json()) as { data: { result: { value: [number, string] }[] } };
      return body.data.result.length === pods.length && body.data.result.every((x) => x.value[1] === '1');
    },
    60_000,
    250,
  );
  await scraped.catch(async (err: Error) => {
    const targets = await fetch(`${promUrl}/api/v1/targets`).then((r) => r.text(), String);
    throw new Error(`${err.message}\ntargets: ${targets}\nprometheus said:\n${log}`);
  });
  server = await startBff(lab, { migrations: { prometheus: { central: promUrl } } });
  browser = new Browser(server.url);
  const link = new URL(server.signInUrl ?? '');
  await browser.call('GET', link.pathname + link.search);
  direct = await startBff(lab);
  viaProxy = new Browser(direct.url);
  const directLink = new URL(direct.signInUrl ?? '');
  await viaProxy.call('GET', directLink.pathname + directLink.search);
}, 120_000);

afterAll(async () => {
  prom?.kill('SIGKILL');
  await server?.close();
  await direct?.close();
  await lab?.stop();
});

async function sampleOf(b: Browser, node: string) {
  const f = (await b.call('GET', migrationProgressPath('central', node))).json() as MigrationProgressFrame;
  return { source: f.source, s: f.samples.find((x) => x.vmi === 'billing-api') };
}

describe('migration progress from Prometheus', () => {
  it('reports a running migration from PromQL over the scraped handler series, rising', async () => {
    const { node, stop } = await billingApiMigration(labApi(lab as unknown as LabSites, 'central'));
    const first = await eventually(
      async () => {
        const f = await frame(node);
        const s = f.body.samples?.find((x) => x.vmi === 'billing-api');
        return f.status === 200 && s && s.processedBytes > 0 ? { f, s } : undefined;
      },
      60_000,
      250,
    );
    expect(first.f.body).toMatchObject({ site: 'central', node, source: 'prometheus' });
    expect(first.s).toMatchObject({ namespace: 'production', totalBytes: 8 * 2 ** 30 });
    expect(first.s.transferRate).toBeGreaterThan(0);
    // The pod-proxy path brackets what Prometheus says. Prometheus scrapes every second and a
    // backend keeps a read for a second, so 2.5 s after a pod-proxy read the scraped value can be
    // no older than it, and a fresh pod-proxy read after the query no younger. Processed bytes
    // only grow while the migration runs.
    const before = await sampleOf(viaProxy, node);
    await new Promise((r) => setTimeout(r, 2500));
    const fromProm = await sampleOf(browser, node);
    const after = await sampleOf(viaProxy, node);
    expect([before.source, fromProm.source, after.source]).toEqual(['pod-proxy', 'prometheus', 'pod-proxy']);
    expect(fromProm.s?.totalBytes).toBe(before.s?.totalBytes);
    expect(before.s?.processedBytes).toBeLessThan(after.s?.processedBytes ?? 0);
    expect(fromProm.s?.processedBytes).toBeGreaterThanOrEqual(before.s?.processedBytes ?? Infinity);
    expect(fromProm.s?.processedBytes).toBeLessThanOrEqual(after.s?.processedBytes ?? 0);
    const later = await eventually(
      async () => {
        const s = (await frame(node)).body.samples.find((x) => x.vmi === 'billing-api');
        return s && s.processedBytes > first.s.processedBytes ? s : undefined;
      },
      30_000,
      250,
    );
    expect(later.processedBytes).toBeGreaterThan(first.s.processedBytes);
    await stop();
  });

  it('says the Prometheus of the site is unreachable once it is gone', async () => {
    prom?.kill('SIGKILL');
    await new Promise((r) => prom?.once('exit', r));
    const node = (await labApi(lab as unknown as LabSites, 'central').req('GET', '/api/v1/nodes')).json.items[0]
      .metadata.name as string;
    const r = await eventually(async () => {
      const f = await frame(node);
      return f.status === 502 ? f : undefined;
    });
    expect(r.body.message).toMatch(/^Prometheus of site "central" unreachable: /);
  });
});
