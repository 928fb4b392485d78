import { mkdtempSync, readdirSync, statSync } from 'node:fs';
import { Agent, request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startLab, type Lab } from '../../lab/lab';

const VM_REF = { group: 'kubevirt.io', resource: 'virtualmachines' };

function get(
  lab: Lab,
  site: string,
  path: string,
  token = lab.tokens.admin,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string }> {
  const url = new URL(lab.site(site).url);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        path,
        agent: new Agent({ ca: lab.caPem }),
        headers: { Authorization: `Bearer ${token}`, ...headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

async function admin(
  lab: Lab,
  method: string,
  path: string,
  body?: unknown,
  token = lab.tokens.admin,
): Promise<{ status: number; json: unknown }> {
  const res = await fetch(`${lab.adminUrl}${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}` },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, json: await res.json() };
}

describe('lab admin API, faults and persistence', () => {
  let lab: Lab | undefined;
  afterEach(async () => {
    await lab?.stop();
    lab = undefined;
  });

  it('sets latency and partitions through the admin API and restarts a site on the same port', async () => {
    lab = await startLab({ sites: ['central', 'region-east'], seed: 'none', timeScale: 0.05 });
    expect((await admin(lab, 'GET', '/sites', undefined, lab.tokens.viewer)).status).toBe(401);
    const sites = (await admin(lab, 'GET', '/sites')).json as { sites: { name: string; url: string }[] };
    expect(sites.sites.map((s) => s.name)).toEqual(['central', 'region-east']);
    // Each site counts the requests its API server receives (what a client costs it).
    const requests = async () => ((await admin(lab as Lab, 'GET', '/sites/central')).json as { requests: number }).requests;
    const counted = await requests();
    for (let i = 0; i < 3; i++) await get(lab, 'central', '/version');
    expect(await requests()).toBe(counted + 3);

    expect((await admin(lab, 'PUT', '/sites/central/faults', { latencyMs: 1500 })).status).toBe(200);
    // The delayed site answers after the undelayed one, although it was asked first.
    const order: string[] = [];
    await Promise.all([
      get(lab, 'central', '/version').then(() => order.push('central')),
      get(lab, 'region-east', '/version').then(() => order.push('region-east')),
    ]);
    expect(order).toEqual(['region-east', 'central']);

    await admin(lab, 'PUT', '/sites/central/faults', { partition: true });
    await expect(get(lab, 'central', '/version')).rejects.toThrow();
    expect((await get(lab, 'region-east', '/version')).status).toBe(200);
    await admin(lab, 'DELETE', '/sites/central/faults');
    expect((await get(lab, 'central', '/version')).status).toBe(200);

    const before = lab.site('central').url;
    expect((await admin(lab, 'POST', '/sites/central/restart')).status).toBe(200);
    expect(lab.site('central').url).toBe(before);
    expect((await get(lab, 'central', '/api/v1/namespaces/default')).status).toBe(200);
    expect((await admin(lab, 'PUT', '/sites/central/faults', { latencyMs: -1 })).status).toBe(400);
  });

  it('churns VM statuses at a chosen rate and counts watches of every site', async () => {
    lab = await startLab({ sites: ['central', 'region-east'], seed: 'demo', timeScale: 0.05 });
    expect((await admin(lab, 'PUT', '/churn', { ratePerSecond: -1 })).status).toBe(400);
    expect((await admin(lab, 'PUT', '/churn', { ratePerSecond: 5, sites: ['nowhere'] })).json).toEqual({
      error: 'no site nowhere',
    });
    const started = (await admin(lab, 'PUT', '/churn', { ratePerSecond: 20 })).json as {
      running: boolean;
      sites: string[];
    };
    expect(started).toMatchObject({ running: true, sites: ['central', 'region-east'] });
    const before = lab
      .site('central')
      .store.list(VM_REF)
      .map((v) => v.spec?.runStrategy)
      .join();
    await new Promise((r) => setTimeout(r, 1500));
    const stats = (await admin(lab, 'DELETE', '/churn')).json as {
      running: boolean;
      writes: number;
      statusChanges: number;
    };
    expect(stats.running).toBe(false);
    // 20/s for 1.5 s, give or take a tick.
    expect(stats.writes).toBeGreaterThanOrEqual(20);
    expect(stats.writes).toBeLessThanOrEqual(40);
    expect(
      lab
        .site('central')
        .store.list(VM_REF)
        .map((v) => v.spec?.runStrategy)
        .join(),
    ).not.toBe(before);
    await new Promise((r) => setTimeout(r, 500));
    expect(
      ((await admin(lab, 'GET', '/churn')).json as { statusChanges: number }).statusChanges,
    ).toBeGreaterThan(0);
    const watches = (await admin(lab, 'GET', '/watches')).json as {
      sites: Record<string, Record<string, number>>;
    };
    expect(Object.keys(watches.sites)).toEqual(['central', 'region-east']);
  });

  it('delays watch events under a latency fault, keeping their order', async () => {
    lab = await startLab({ sites: ['central', 'region-east'], seed: 'none', timeScale: 0.05 });
    const central = lab.site('central');
    const url = new URL(central.url);
    const seen: string[] = [];
    const order: string[] = [];
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        agent: new Agent({ ca: lab.caPem }),
        headers: { Authorization: `Bearer ${lab.tokens.admin}` },
        path: `/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=${central.store.resourceVersion()}`,
      },
      (res) => {
        res.on('data', (d: Buffer) => {
          for (const line of d.toString().split('\n').filter(Boolean)) {
            seen.push((JSON.parse(line) as { object: { metadata: { name: string } } }).object.metadata.name);
            order.push('event');
          }
        });
      },
    );
    req.end();
    await new Promise((r) => setTimeout(r, 200));
    await admin(lab, 'PUT', '/sites/central/faults', { latencyMs: 1500, jitterMs: 300 });
    for (const name of ['one', 'two', 'three'])
      central.store.create(
        { group: '', resource: 'configmaps' },
        { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'default' } },
      );
    await get(lab, 'region-east', '/version');
    order.push('other-site');
    const end = Date.now() + 10_000;
    while (seen.length < 3 && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
    req.destroy();
    expect(seen).toEqual(['one', 'two', 'three']);
    expect(order[0]).toBe('other-site');
  });

  it('answers a watch from a resourceVersion older than the restart with ERROR 410', async () => {
    lab = await startLab({ sites: ['central'], seed: 'none', timeScale: 0.05 });
    const site = lab.site('central');
    const rv = site.store.resourceVersion();
    site.store.create(
      { group: '', resource: 'configmaps' },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', namespace: 'default' } },
    );
    await site.restart();
    const res = await get(
      lab,
      'central',
      `/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=${rv}`,
    );
    expect(res.status).toBe(200);
    const ev = JSON.parse(res.body.trim()) as { type: string; object: { code: number; reason: string } };
    expect(ev).toMatchObject({ type: 'ERROR', object: { code: 410, reason: 'Expired' } });
  });

  it('keeps objects, tokens, CA and ports in --data-dir across lab restarts', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'lab-data-'));
    lab = await startLab({ sites: ['central'], seed: 'none', timeScale: 0.05, dataDir });
    const first = { token: lab.tokens.operator, url: lab.site('central').url, ca: lab.caPem };
    lab.site('central').store.create(VM_REF, {
      apiVersion: 'kubevirt.io/v1',
      kind: 'VirtualMachine',
      metadata: { name: 'kept', namespace: 'default' },
      spec: { runStrategy: 'Halted', template: { spec: { domain: { devices: {} } } } },
    });
    await lab.stop();
    // The CA key, the tokens and stored Secrets: no file readable by group or others.
    const files = readdirSync(dataDir, { recursive: true, withFileTypes: true }).filter((d) => d.isFile());
    expect(files.length).toBeGreaterThanOrEqual(2);
    for (const f of files)
      expect((statSync(join(f.parentPath, f.name)).mode & 0o077).toString(8), f.name).toBe('0');
    lab = await startLab({ sites: ['central'], seed: 'none', timeScale: 0.05, dataDir });
    expect(lab.tokens.operator).toBe(first.token);
    expect(lab.site('central').url).toBe(first.url);
    expect(lab.caPem).toBe(first.ca);
    const res = await get(
      lab,
      'central',
      '/apis/kubevirt.io/v1/namespaces/default/virtualmachines/kept',
      lab.tokens.operator,
    );
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body).metadata.name).toBe('kept');
  });

  it('serves discovery, OpenAPI and Status errors as kube-apiserver does', async () => {
    lab = await startLab({ sites: ['central'], seed: 'none', timeScale: 0.05 });
    const agg = await get(lab, 'central', '/apis', lab.tokens.viewer, {
      Accept: 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json',
    });
    const doc = JSON.parse(agg.body) as { kind: string; items: { metadata: { name: string } }[] };
    expect(doc.kind).toBe('APIGroupDiscoveryList');
    expect(doc.items.map((i) => i.metadata.name)).toEqual(
      expect.arrayContaining(['kubevirt.io', 'cdi.kubevirt.io', 'subresources.kubevirt.io']),
    );
    const v3 = JSON.parse((await get(lab, 'central', '/openapi/v3')).body) as {
      paths: Record<string, { serverRelativeURL: string }>;
    };
    const kv = JSON.parse(
      (await get(lab, 'central', v3.paths['apis/kubevirt.io/v1']?.serverRelativeURL ?? '')).body,
    );
    expect(
      kv.paths['/apis/kubevirt.io/v1/namespaces/{namespace}/virtualmachines/{name}'].patch.parameters,
    ).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'fieldValidation' })]));
    const unauth = await get(lab, 'central', '/api/v1/namespaces', 'wrong');
    expect(unauth.status).toBe(401);
    expect(JSON.parse(unauth.body)).toMatchObject({ kind: 'Status', reason: 'Unauthorized', code: 401 });
    const missing = await get(lab, 'central', '/apis/kubevirt.io/v1/namespaces/default/virtualmachines/nope');
    expect(JSON.parse(missing.body)).toMatchObject({
      reason: 'NotFound',
      code: 404,
      details: { name: 'nope', group: 'kubevirt.io', kind: 'virtualmachines' },
    });
    const method = await get(
      lab,
      'central',
      '/apis/upload.cdi.kubevirt.io/v1beta1/namespaces/default/uploadtokenrequests',
    );
    expect(JSON.parse(method.body)).toMatchObject({ reason: 'MethodNotAllowed', code: 405 });
  });
});
