/**
 * The console → site stage of an upload is done only when CDI has processed the image:
 * `upload-async` answers once the bytes are in, so the transfer waits for the DataVolume's
 * Succeeded before it says "succeeded", and ends "failed" with CDI's own message when the
 * upload server refuses the image (here: a qcow2 whose virtual size exceeds the claim).
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uploadTransferPath, UPLOADS_TUS_PATH, type UploadTransfer } from '@/lib/api/uploads';
import { SESSION_API } from '@/lib/api/session';
import type { RunningServer } from '@/server/start-server';
import { Browser } from '../support/http-client';
import { eventually, startBff, startTestLab, type Lab } from '../support/bff-env';
import { expectStatus, labApi, P } from '../support/lab-api';

const dir = mkdtempSync(join(tmpdir(), 'uploads-processing-'));
const b64 = (s: string) => Buffer.from(s).toString('base64');
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
let lab: Lab;
let server: RunningServer;
let browser: Browser;
let csrf: string;

function qcow2(name: string, virtual: string, written: string): Buffer {
  const f = join(dir, name);
  execFileSync('qemu-img', ['create', '-q', '-f', 'qcow2', f, virtual]);
  execFileSync('qemu-io', ['-f', 'qcow2', '-c', `write -P 0x5a 0 ${written}`, f], { stdio: 'ignore' });
  return readFileSync(f);
}

async function createDv(name: string, size: string): Promise<void> {
  expectStatus(
    await labApi(lab as never).req('POST', P.dvs('default'), {
      apiVersion: 'cdi.kubevirt.io/v1beta1',
      kind: 'DataVolume',
      metadata: { name, namespace: 'default' },
      spec: {
        source: { upload: {} },
        storage: { storageClassName: 'shared-nfs', resources: { requests: { storage: size } } },
      },
    }),
    201,
  );
}

const headers = () => ({ origin: browser.origin, 'x-csrf-token': csrf, 'tus-resumable': '1.0.0' });

/** Stages `data` in one PATCH and starts the transfer to the site; returns the upload's id. */
async function upload(dv: string, data: Buffer): Promise<string> {
  const meta = `site ${b64('central')},namespace ${b64('default')},name ${b64(dv)},filename ${b64(`${dv}.qcow2`)}`;
  const made = await browser.call('POST', UPLOADS_TUS_PATH, {
    headers: { ...headers(), 'upload-length': String(data.length), 'upload-metadata': meta },
  });
  expect(made.status, made.text).toBe(201);
  const location = new URL(String(made.headers.location), browser.base).pathname;
  const sent = await browser.call('PATCH', location, {
    headers: { ...headers(), 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' },
    body: data,
  });
  expect(sent.status, sent.text).toBe(204);
  const id = location.slice(location.lastIndexOf('/') + 1);
  const started = await browser.write('POST', uploadTransferPath(id), { sha256: sha(data) }, csrf);
  expect(started.status, started.text).toBe(202);
  return id;
}

async function transfer(id: string): Promise<UploadTransfer> {
  const r = await browser.call('GET', uploadTransferPath(id));
  expect(r.status, r.text).toBe(200);
  return r.json<UploadTransfer>();
}

beforeAll(async () => {
  lab = await startTestLab({ sites: ['central'] });
  server = await startBff(lab, {
    auth: 'token',
    sessionSecret: 'uploads-processing-test-session-secret-0123',
    uploads: { dir: mkdtempSync(join(dir, 'stage-')) },
  });
  browser = new Browser(server.url);
  const r = await browser.call('POST', '/api/auth/token', {
    headers: { origin: browser.origin, 'content-type': 'application/json' },
    body: JSON.stringify({ token: lab.tokens.admin }),
  });
  expect(r.status, r.text).toBe(200);
  csrf = (await browser.call('GET', SESSION_API.session)).json<{ csrfToken: string }>().csrfToken;
}, 60_000);

afterAll(async () => {
  await server?.close();
  await lab?.stop();
});

describe('console → site: done means CDI is done', () => {
  it('says succeeded only once the DataVolume is Succeeded', async () => {
    await createDv('dv-ok', '1Gi');
    const id = await upload('dv-ok', qcow2('ok.qcow2', '512M', '16M'));
    const stages = new Set<string>();
    await eventually(
      async () => {
        const t = await transfer(id);
        stages.add(t.stage);
        expect(t.stage, t.error).not.toBe('failed');
        return t.stage === 'succeeded';
      },
      60_000,
      20,
    );
    // Read right after "succeeded" is seen: the DataVolume is already done, not still processing.
    const dv = await labApi(lab as never).req('GET', P.dv('default', 'dv-ok'));
    expect(dv.json.status.phase).toBe('Succeeded');
    expect(dv.json.status.progress).toBe('100.0%');
    expect(stages.has('processing') || stages.has('sending') || stages.has('waitingForSite')).toBe(true);
  }, 90_000);

  it("fails with CDI's message when the upload server refuses the image, never saying succeeded", async () => {
    await createDv('dv-big', '64Mi');
    const id = await upload('dv-big', qcow2('big.qcow2', '2G', '1M'));
    const stages = new Set<string>();
    const failed = await eventually(
      async () => {
        const t = await transfer(id);
        stages.add(t.stage);
        return t.stage === 'failed' && t;
      },
      60_000,
      20,
    );
    expect(stages.has('succeeded')).toBe(false);
    expect(failed.errorReason).toBe('ImageRefused');
    expect(failed.error).toMatch(
      /^Unable to process data: Virtual image size 2147483648 is larger than the reported available storage \d+\. A larger PVC is required\.$/,
    );
    const dv = await labApi(lab as never).req('GET', P.dv('default', 'dv-big'));
    expect(dv.json.status.phase).not.toBe('Succeeded');
    expect(dv.json.status.restartCount).toBe(1);
  }, 90_000);
});
