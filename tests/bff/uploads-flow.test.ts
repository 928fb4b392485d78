/**
 * Resumable uploads end to end against the lab: the per-user quota, a PATCH cut part-way and
 * resumed from the HEAD offset into a DataVolume that reaches Succeeded with the same bytes, a
 * sha256 mismatch refused, staged files removed after success, cancel and expiry, and a
 * read-only user refused by the console before anything is staged.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uploadTransferPath, UPLOADS_TUS_PATH, type UploadTransfer } from '@/lib/api/uploads';
import { SESSION_API } from '@/lib/api/session';
import type { RunningServer } from '@/server/start-server';
import { Browser } from '../support/http-client';
import { volumeFile } from '../support/volume-files';
import { eventually, startBff, startTestLab, type Lab } from '../support/bff-env';
import { expectStatus, labApi, P } from '../support/lab-api';

const MI = 2 ** 20;
const SECRET = 'uploads-flow-test-session-secret-0123456789';
let lab: Lab;
let server: RunningServer;
let expiring: RunningServer;
const stageDir = mkdtempSync(join(tmpdir(), 'uploads-flow-'));
const expiryDir = mkdtempSync(join(tmpdir(), 'uploads-expiry-'));
const b64 = (s: string) => Buffer.from(s).toString('base64');
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

beforeAll(async () => {
  lab = await startTestLab({ sites: ['central'] });
  server = await startBff(lab, {
    auth: 'token',
    sessionSecret: SECRET,
    uploads: { dir: stageDir, quotaBytes: 8 * MI },
  });
  expiring = await startBff(lab, {
    auth: 'token',
    sessionSecret: SECRET,
    uploads: { dir: expiryDir, expiryMs: 1500 },
  });
  const api = labApi(lab as never);
  for (const name of ['dv-q', 'dv-r', 'dv-m', 'dv-c', 'dv-e'])
    expectStatus(
      await api.req('POST', P.dvs('default'), {
        apiVersion: 'cdi.kubevirt.io/v1beta1',
        kind: 'DataVolume',
        metadata: { name, namespace: 'default' },
        spec: {
          source: { upload: {} },
          storage: { storageClassName: 'shared-nfs', resources: { requests: { storage: '1Gi' } } },
        },
      }),
      201,
    );
}, 60_000);

afterAll(async () => {
  await server?.close();
  await expiring?.close();
  await lab?.stop();
});

interface Signed {
  browser: Browser;
  csrf: string;
}

async function signIn(s: RunningServer, token: string): Promise<Signed> {
  const browser = new Browser(s.url);
  const r = await browser.call('POST', '/api/auth/token', {
    headers: { origin: browser.origin, 'content-type': 'application/json' },
    body: JSON.stringify({ token }),
  });
  expect(r.status, r.text).toBe(200);
  const csrf = (await browser.call('GET', SESSION_API.session)).json<{ csrfToken: string }>().csrfToken;
  expect(csrf).toBeTruthy();
  return { browser, csrf };
}

const write = (s: Signed) => ({ origin: s.browser.origin, 'x-csrf-token': s.csrf, 'tus-resumable': '1.0.0' });

async function create(s: Signed, dv: string, length: number) {
  const meta = `site ${b64('central')},namespace ${b64('default')},name ${b64(dv)},filename ${b64(`${dv}.img`)}`;
  return s.browser.call('POST', UPLOADS_TUS_PATH, {
    headers: { ...write(s), 'upload-length': String(length), 'upload-metadata': meta },
  });
}

async function created(s: Signed, dv: string, length: number): Promise<string> {
  const r = await create(s, dv, length);
  expect(r.status, r.text).toBe(201);
  return new URL(String(r.headers.location), s.browser.base).pathname;
}

async function patch(s: Signed, location: string, offset: number, body: Buffer) {
  const r = await s.browser.call('PATCH', location, {
    headers: {
      ...write(s),
      'upload-offset': String(offset),
      'content-type': 'application/offset+octet-stream',
    },
    body,
  });
  expect(r.status, r.text).toBe(204);
}

async function offsetOf(s: Signed, location: string): Promise<number> {
  const r = await s.browser.call('HEAD', location, { headers: { 'tus-resumable': '1.0.0' } });
  expect(r.status).toBe(200);
  return Number(r.headers['upload-offset']);
}

const idOf = (location: string) => location.slice(location.lastIndexOf('/') + 1);
const staged = (dir: string, id: string) => readdirSync(dir).filter((f) => f.startsWith(id));

async function transfer(s: Signed, id: string): Promise<UploadTransfer> {
  const r = await s.browser.call('GET', uploadTransferPath(id));
  expect(r.status, r.text).toBe(200);
  return r.json<UploadTransfer>();
}

/** Sends the first `cut` bytes of a PATCH, then drops the connection as a failing WAN link does. */
async function cutPatch(s: Signed, location: string, data: Buffer, cut: number): Promise<void> {
  const u = new URL(s.browser.base);
  const req = request({
    host: u.hostname,
    port: u.port,
    method: 'PATCH',
    path: location,
    headers: {
      ...write(s),
      cookie: s.browser.cookieHeader(),
      'upload-offset': '0',
      'content-type': 'application/offset+octet-stream',
      'content-length': String(data.length),
    },
  });
  req.on('error', () => undefined);
  req.write(data.subarray(0, cut));
  await eventually(
    async () =>
      staged(stageDir, idOf(location)).length > 0 && (await new Promise((r) => setTimeout(r, 400, true))),
  );
  req.destroy();
}

describe('uploads against the lab', () => {
  it("refuses a file over the user's quota with a clear message, and frees the quota on cancel", async () => {
    const admin = await signIn(server, lab.tokens.admin);
    const first = await created(admin, 'dv-q', 5 * MI);
    const over = await create(admin, 'dv-q', 5 * MI);
    expect(over.status).toBe(413);
    expect(over.text).toContain(
      `staging this file would hold ${10 * MI} bytes for admin; the quota is ${8 * MI}`,
    );
    const del = await admin.browser.call('DELETE', first, { headers: write(admin) });
    expect(del.status, del.text).toBe(204);
    expect(staged(stageDir, idOf(first))).toEqual([]);
    const again = await created(admin, 'dv-q', 5 * MI);
    expect((await admin.browser.call('DELETE', again, { headers: write(admin) })).status).toBe(204);
  });

  it('resumes a PATCH cut part-way from the HEAD offset, and the DataVolume gets the same bytes', async () => {
    const admin = await signIn(server, lab.tokens.admin);
    const data = randomBytes(4 * MI);
    const location = await created(admin, 'dv-r', data.length);
    await cutPatch(admin, location, data, 3 * MI);
    const offset = await eventually(async () => {
      const o = await offsetOf(admin, location);
      return o > 0 && o;
    });
    expect(offset).toBeLessThan(data.length);
    await patch(admin, location, offset, data.subarray(offset));
    expect(await offsetOf(admin, location)).toBe(data.length);
    const started = await admin.browser.write(
      'POST',
      uploadTransferPath(idOf(location)),
      { sha256: sha(data) },
      admin.csrf,
    );
    expect(started.status, started.text).toBe(202);
    const done = await eventually(async () => {
      const t = await transfer(admin, idOf(location));
      expect(t.stage).not.toBe('failed');
      return t.stage === 'succeeded' && t;
    }, 60_000);
    expect(done.sha256).toBe(sha(data));
    const api = labApi(lab as never);
    await api.waitFor(
      P.dv('default', 'dv-r'),
      (o: { status?: { phase?: string } }) => o.status?.phase === 'Succeeded',
    );
    const pvc = await api.req('GET', P.pvc('default', 'dv-r'));
    const file = volumeFile('central', String(pvc.json.metadata.uid));
    expect(file && sha(readFileSync(file))).toBe(sha(data));
    await eventually(async () => staged(stageDir, idOf(location)).length === 0);
  }, 90_000);

  it('refuses a sha256 that does not match the staged bytes and removes the staged file', async () => {
    const admin = await signIn(server, lab.tokens.admin);
    const data = randomBytes(64 * 1024);
    const location = await created(admin, 'dv-m', data.length);
    await patch(admin, location, 0, data);
    const wrong = sha(Buffer.from('not the file'));
    expect(
      (await admin.browser.write('POST', uploadTransferPath(idOf(location)), { sha256: wrong }, admin.csrf))
        .status,
    ).toBe(202);
    const failed = await eventually(async () => {
      const t = await transfer(admin, idOf(location));
      return t.stage === 'failed' && t;
    });
    expect(failed.errorReason).toBe('ChecksumMismatch');
    expect(failed.error).toBe(
      `checksum mismatch: the browser read sha256 ${wrong}, the console received ${sha(data)}`,
    );
    await eventually(async () => staged(stageDir, idOf(location)).length === 0);
    const api = labApi(lab as never);
    expect((await api.req('GET', P.dv('default', 'dv-m'))).json.status.phase).toBe('UploadReady');
  });

  it('removes the staged file when the user cancels', async () => {
    const admin = await signIn(server, lab.tokens.admin);
    const location = await created(admin, 'dv-c', 1 * MI);
    await patch(admin, location, 0, randomBytes(512 * 1024));
    expect(staged(stageDir, idOf(location)).length).toBeGreaterThan(0);
    const r = await admin.browser.call('DELETE', uploadTransferPath(idOf(location)), {
      headers: write(admin),
    });
    expect(r.status, r.text).toBe(204);
    expect(staged(stageDir, idOf(location))).toEqual([]);
    expect(
      (await admin.browser.call('HEAD', location, { headers: { 'tus-resumable': '1.0.0' } })).status,
    ).toBe(404);
  });

  it('removes staged files on expiry, finished or not', async () => {
    const admin = await signIn(expiring, lab.tokens.admin);
    const partial = await created(admin, 'dv-e', 1 * MI);
    await patch(admin, partial, 0, randomBytes(1000));
    const whole = await created(admin, 'dv-e', 1000);
    await patch(admin, whole, 0, randomBytes(1000));
    expect(staged(expiryDir, idOf(partial)).length).toBeGreaterThan(0);
    expect(staged(expiryDir, idOf(whole)).length).toBeGreaterThan(0);
    await eventually(
      async () =>
        staged(expiryDir, idOf(partial)).length === 0 && staged(expiryDir, idOf(whole)).length === 0,
      15_000,
    );
  });

  it('refuses a read-only user at creation, before any byte is staged', async () => {
    const viewer = await signIn(server, lab.tokens.viewer);
    const before = readdirSync(stageDir).length;
    const r = await create(viewer, 'dv-q', 1000);
    expect(r.status).toBe(403);
    expect(r.text).toContain('create uploadtokenrequests');
    expect(readdirSync(stageDir).length).toBe(before);
  });
});
