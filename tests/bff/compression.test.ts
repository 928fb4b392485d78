/**
 * Lists sized for a WAN: the lab compresses as kube-apiserver does (gzip over 128 KiB when the
 * client accepts it) and the console compresses what it sends the browser, passing a site's
 * gzip through, re-encoding for br, and unzipping for a browser that asked for nothing.
 */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { RunningServer } from '@/server/start-server';
import { Browser } from '../support/http-client';
import { siteNames, startBff, startTestLab, type Lab } from '../support/bff-env';

let lab: Lab;
let server: RunningServer;
let browser: Browser;
let site: string;
const LIST = '/apis/kubevirt.io/v1/virtualmachines';

beforeAll(async () => {
  lab = await startTestLab({ sites: ['central'], scale: 600 });
  server = await startBff(lab, { auth: 'local' });
  browser = new Browser(server.url);
  site = siteNames(lab.kubeconfig)[0] ?? '';
  const link = new URL(server.signInUrl ?? '');
  expect((await browser.call('GET', link.pathname + link.search)).status).toBe(303);
});

afterAll(async () => {
  await server?.close();
  await lab?.stop();
});

/** GET a path with raw bytes back, as the given client would see it. */
function rawGet(path: string, acceptEncoding?: string): Promise<{ status: number; encoding?: string; vary?: string; body: Buffer }> {
  const u = new URL(server.url);
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { cookie: browser.cookieHeader(), accept: 'application/json' };
    if (acceptEncoding) headers['accept-encoding'] = acceptEncoding;
    const req = httpRequest({ host: u.hostname, port: u.port, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, encoding: res.headers['content-encoding'], vary: res.headers.vary, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

function items(json: Buffer): number {
  return (JSON.parse(json.toString('utf8')) as { items: unknown[] }).items.length;
}

describe('compression', () => {
  it('the lab gzips a list over 128 KiB for a client that accepts gzip, as kube-apiserver does', async () => {
    const doc = parse(lab.kubeconfig) as { clusters: { cluster: { server: string; 'certificate-authority-data': string } }[] };
    const direct = new URL(doc.clusters[0]?.cluster.server ?? '');
    const ca = Buffer.from(doc.clusters[0]?.cluster['certificate-authority-data'] ?? '', 'base64');
    const get = (acceptEncoding?: string) =>
      new Promise<{ encoding?: string; body: Buffer }>((resolve, reject) => {
        const headers: Record<string, string> = { authorization: `Bearer ${lab.tokens.admin}` };
        if (acceptEncoding) headers['accept-encoding'] = acceptEncoding;
        const req = httpsRequest({ host: direct.hostname, port: direct.port, path: LIST, headers, ca }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ encoding: res.headers['content-encoding'], body: Buffer.concat(chunks) }));
        });
        req.on('error', reject);
        req.end();
      });
    const gz = await get('gzip');
    expect(gz.encoding).toBe('gzip');
    const plain = await get();
    expect(plain.encoding).toBeUndefined();
    expect(plain.body.length).toBeGreaterThan(128 * 1024);
    // The fleet keeps changing between two reads: compare the items, not the bytes.
    expect(items(gunzipSync(gz.body))).toBe(items(plain.body));
    expect(gz.body.length * 5).toBeLessThan(plain.body.length);
  });

  it('passes a site gzip to a browser that takes gzip, and br when it prefers br', async () => {
    const plain = await rawGet(`/k8s/${site}${LIST}`);
    expect(plain.status).toBe(200);
    expect(plain.encoding).toBeUndefined();
    const count = items(plain.body);
    expect(count).toBeGreaterThan(600);
    const gz = await rawGet(`/k8s/${site}${LIST}`, 'gzip');
    expect(gz.encoding).toBe('gzip');
    expect(gz.vary).toMatch(/Accept-Encoding/);
    expect(items(gunzipSync(gz.body))).toBe(count);
    expect(gz.body.length * 5).toBeLessThan(plain.body.length);
    const br = await rawGet(`/k8s/${site}${LIST}`, 'gzip, deflate, br');
    // The site's gzip goes through as it is: recompressing would cost the backend's CPU.
    expect(br.encoding).toBe('gzip');
    expect(items(gunzipSync(br.body))).toBe(count);
  });

  it('compresses a smaller uncompressed answer of a site (br when accepted) ', async () => {
    const path = `/k8s/${site}/apis/kubevirt.io/v1/namespaces/bench/virtualmachines?limit=40`;
    const plain = await rawGet(path);
    expect(plain.body.length).toBeGreaterThan(1024);
    expect(plain.body.length).toBeLessThan(128 * 1024);
    const br = await rawGet(path, 'gzip, br');
    expect(br.encoding).toBe('br');
    expect(items(brotliDecompressSync(br.body))).toBe(items(plain.body));
    const gz = await rawGet(path, 'gzip');
    expect(gz.encoding).toBe('gzip');
    expect(items(gunzipSync(gz.body))).toBe(items(plain.body));
    const tiny = await rawGet(`/k8s/${site}/version`, 'gzip, br');
    expect(tiny.encoding).toBeUndefined();
  });
});
