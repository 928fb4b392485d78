/** The tus endpoint refuses before staging anything: no session, no CSRF, no metadata, too large. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_API } from '@/lib/api/session';
import { UPLOADS_TUS_PATH } from '@/lib/api/uploads';
import type { RunningServer } from '@/server/start-server';
import { Browser } from '../support/http-client';
import { startBff, startTestLab, type Lab } from '../support/bff-env';
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
  });
});
