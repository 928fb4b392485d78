/** The tus endpoint refuses before staging anything: no session, no CSRF, no metadata, too large. */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_API } from '@/lib/api/session';
import { UPLOADS_TUS_PATH, uploadTransferPath, type UploadTransfer } from '@/lib/api/uploads';
import type { RunningServer } from '@/server/start-server';
import { Browser } from '../support/http-client';
import { eventually, startBff, startTestLab, type Lab } from '../support/bff-env';
import { expectStatus, labApi, P } from '../support/lab-api';

let lab: Lab;
let server: RunningServer;
const b64 = (s: string) => Buffer.from(s).toString('base64');
const meta = `site ${b64('central')},namespace ${b64('default')},name ${b64('dv-a')},filename ${b64('a.qcow2')}`;

beforeAll(async () => {
  lab = await startTestLab({ sites: ['central'] });
  server = await startBff(lab, { auth: 'local' });
}, 60_000);

afterAll(async () => {
  await server?.close();
  await lab?.stop();
});

let session: Promise<{ browser: Browser; csrf: string }> | undefined;
/** One signed-in browser (the sign-in link is single-use); its session is checked to be live. */
function signedIn(): Promise<{ browser: Browser; csrf: string }> {
  session ??= (async () => {
    const browser = new Browser(server.url);
    const link = new URL(server.signInUrl ?? '');
    await browser.call('GET', link.pathname + link.search);
    const s = await browser.call('GET', SESSION_API.session);
    expect(s.status).toBe(200);
    const { csrfToken } = s.json<{ csrfToken: string }>();
    expect(csrfToken).toBeTruthy();
    return { browser, csrf: csrfToken };
  })();
  return session;
}

async function scrape(browser: Browser): Promise<string> {
  const r = await browser.call('GET', '/metrics');
  expect(r.status).toBe(200);
  return r.text;
}

/** `edgevirt_upload_bytes_total` for the site and stage, undefined when it has no sample yet. */
function uploadMetric(text: string, stage: 'staged' | 'sent'): number | undefined {
  const line = text
    .split('\n')
    .find(
      (l) =>
        l.startsWith('edgevirt_upload_bytes_total{') &&
        l.includes(`stage="${stage}"`) &&
        l.includes('site="central"'),
    );
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

const tusHeaders = (length: number) => ({
  'tus-resumable': '1.0.0',
  'upload-length': String(length),
  'upload-metadata': meta,
});

describe('tus creation admission', () => {
  it('refuses a signed-out caller', async () => {
    const anon = new Browser(server.url);
    const r = await anon.call('POST', UPLOADS_TUS_PATH, {
      headers: { origin: anon.origin, ...tusHeaders(10) },
    });
    expect(r.status).toBe(401);
  });

  it('refuses a signed-in caller without the CSRF token', async () => {
    const { browser } = await signedIn();
    const r = await browser.call('POST', UPLOADS_TUS_PATH, {
      headers: { origin: browser.origin, ...tusHeaders(10) },
    });
    expect(r.status).toBe(403);
  });

  it('refuses missing metadata and an oversized file with clear messages', async () => {
    const { browser, csrf } = await signedIn();
    const noMeta = await browser.call('POST', UPLOADS_TUS_PATH, {
      headers: {
        origin: browser.origin,
        'x-csrf-token': csrf,
        'tus-resumable': '1.0.0',
        'upload-length': '10',
      },
    });
    expect(noMeta.status).toBe(400);
    expect(noMeta.text).toContain('Upload-Metadata must name site, namespace and name');
    const huge = await browser.call('POST', UPLOADS_TUS_PATH, {
      headers: { origin: browser.origin, 'x-csrf-token': csrf, ...tusHeaders(Number.MAX_SAFE_INTEGER) },
    });
    expect(huge.status).toBe(413);
    expect(huge.text).toContain('the console accepts at most');
  });

  it('creates an upload, takes a PATCH and reports the offset on HEAD', async () => {
    const api = labApi(lab as never);
    const dv = {
      apiVersion: 'cdi.kubevirt.io/v1beta1',
      kind: 'DataVolume',
      metadata: { name: 'dv-a', namespace: 'default' },
      spec: { source: { upload: {} }, storage: { resources: { requests: { storage: '1Gi' } } } },
    };
    expectStatus(await api.req('POST', P.dvs('default'), dv), 201);
    const { browser, csrf } = await signedIn();
    const created = await browser.call('POST', UPLOADS_TUS_PATH, {
      headers: { origin: browser.origin, 'x-csrf-token': csrf, ...tusHeaders(10) },
    });
    expect(created.status, created.text).toBe(201);
    const location = new URL(String(created.headers.location), server.url).pathname;
    const patched = await browser.call('PATCH', location, {
      headers: {
        origin: browser.origin,
        'x-csrf-token': csrf,
        'tus-resumable': '1.0.0',
        'upload-offset': '0',
        'content-type': 'application/offset+octet-stream',
      },
      body: Buffer.from('hello'),
    });
    expect(patched.status, patched.text).toBe(204);
    const head = await browser.call('HEAD', location, { headers: { 'tus-resumable': '1.0.0' } });
    expect(head.headers['upload-offset']).toBe('5');
    expect(uploadMetric(await scrape(browser), 'staged')).toBe(5);
  });

  it('counts staged and sent bytes in /metrics once the transfer to the site succeeds', async () => {
    const dv = {
      apiVersion: 'cdi.kubevirt.io/v1beta1',
      kind: 'DataVolume',
      metadata: {
        name: 'dv-b',
        namespace: 'default',
        annotations: { 'cdi.kubevirt.io/storage.bind.immediate.requested': 'true' },
      },
      spec: { source: { upload: {} }, storage: { resources: { requests: { storage: '1Gi' } } } },
    };
    expectStatus(await labApi(lab as never).req('POST', P.dvs('default'), dv), 201);
    const { browser, csrf } = await signedIn();
    const headers = { origin: browser.origin, 'x-csrf-token': csrf, 'tus-resumable': '1.0.0' };
    const metaB = `site ${b64('central')},namespace ${b64('default')},name ${b64('dv-b')},filename ${b64('b.img')}`;
    const created = await browser.call('POST', UPLOADS_TUS_PATH, {
      headers: { ...headers, ...tusHeaders(10), 'upload-metadata': metaB },
    });
    expect(created.status, created.text).toBe(201);
    const location = new URL(String(created.headers.location), server.url).pathname;
    const stagedBefore = uploadMetric(await scrape(browser), 'staged') ?? 0;
    const body = Buffer.from('0123456789');
    const patched = await browser.call('PATCH', location, {
      headers: { ...headers, 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' },
      body,
    });
    expect(patched.status, patched.text).toBe(204);
    const id = location.slice(location.lastIndexOf('/') + 1);
    const sha256 = createHash('sha256').update(body).digest('hex');
    const started = await browser.call('POST', uploadTransferPath(id), {
      headers: { origin: browser.origin, 'x-csrf-token': csrf, 'content-type': 'application/json' },
      body: JSON.stringify({ sha256 }),
    });
    expect(started.status, started.text).toBe(202);
    await eventually(async () => {
      const t = (await browser.call('GET', uploadTransferPath(id))).json<UploadTransfer>();
      expect(t.stage, t.error).toBe('succeeded');
      return true;
    }, 30_000);
    const text = await scrape(browser);
    expect(uploadMetric(text, 'staged')).toBe(stagedBefore + 10);
    expect(uploadMetric(text, 'sent')).toBe(10);
  });
});
