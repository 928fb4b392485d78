import { createHash } from 'node:crypto';
import { request } from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Lab } from '../../lab/lab';
import { imageBytes, startImageServer, type ImageServer } from '../../lab/demo/image-server';
import { buildVm } from '../../lab/demo/vm-builder';
import { createNamespace, expectStatus, labApi, P, startDemoLab, type LabApi } from '../support/lab-api';

const NS = 't-cdi';
let lab: Lab;
let api: LabApi;
let images: ImageServer;

beforeAll(async () => {
  lab = await startDemoLab();
  api = labApi(lab);
  images = await startImageServer();
  await createNamespace(api, NS);
});
afterAll(async () => {
  await images?.close();
  await lab?.stop();
});

const dv = (name: string, source: unknown, sc = 'shared-nfs', annotations: Record<string, string> = {}) => ({
  apiVersion: 'cdi.kubevirt.io/v1beta1', kind: 'DataVolume', metadata: { name, annotations },
  spec: { source, storage: { storageClassName: sc, resources: { requests: { storage: '1Gi' } } } },
});
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const cond = (o: any, type: string): any => o?.status?.conditions?.find((c: { type: string }) => c.type === type);

function proxyPost(url: string, path: string, body: Buffer, headers: Record<string, string>): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const r = request(`https://${url}${path}`, { method: 'POST', ca: lab.caPem, headers: { 'content-length': String(body.length), ...headers } }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    r.on('error', reject);
    r.end(body);
  });
}

describe('CDI through the API', () => {
  it('imports over HTTP from a local server with progress rising to 100.0%', async () => {
    const size = 3 * 2 ** 20;
    const sum = createHash('sha256').update(imageBytes(size)).digest('hex');
    const url = images.url(`/images/good.img?size=${size}&rate=${1024 * 1024}`);
    expectStatus(await api.req('POST', P.dvs(NS), dv('good', { http: { url, checksum: `sha256:${sum}` } })), 201);
    const seen: string[] = [];
    const done = await api.waitFor(P.dv(NS, 'good'), (o) => {
      const p = o?.status?.progress;
      if (p && seen[seen.length - 1] !== p) seen.push(p);
      return o?.status?.phase === 'Succeeded';
    });
    expect(done.status.progress).toBe('100.0%');
    const mid = seen.filter((p) => /^\d+\.\d{2}%$/.test(p)).map((p) => Number.parseFloat(p));
    expect(mid.length).toBeGreaterThan(1);
    expect(mid.some((v) => v > 0 && v < 100)).toBe(true);
    expect([...mid].sort((a, b) => a - b)).toEqual(mid);
    expect(cond(done, 'Ready')).toMatchObject({ status: 'True' });
    expect(cond(done, 'Bound')).toMatchObject({ status: 'True', reason: 'Bound', message: 'PVC good Bound' });
    const reasons = (await api.req('GET', P.events(NS))).json.items.filter((e: { involvedObject: { name: string } }) => e.involvedObject.name === 'good').map((e: { reason: string }) => e.reason);
    expect(reasons).toEqual(expect.arrayContaining(['ImportScheduled', 'ImportInProgress', 'ImportSucceeded']));
  });

  it('fails a 404 import and a checksum mismatch with upstream messages, retrying with restartCount', async () => {
    expectStatus(await api.req('POST', P.dvs(NS), dv('missing', { http: { url: images.url('/nope/disk.img') } })), 201);
    const bad = await api.waitFor(P.dv(NS, 'missing'), (o) => (o?.status?.restartCount ?? 0) >= 1);
    expect(bad.status.phase).toBe('ImportInProgress');
    expect(cond(bad, 'Running')).toMatchObject({ status: 'False', reason: 'Error', message: 'Unable to connect to http data source: expected status code 200, got 404. Status: 404 Not Found' });
    await api.waitFor(P.dv(NS, 'missing'), (o) => (o?.status?.restartCount ?? 0) >= 2);

    expectStatus(await api.req('POST', P.dvs(NS), dv('midway', { http: { url: images.url('/images/cut.img?size=2097152&failAfter=1048576') } })), 201);
    const cut = await api.waitFor(P.dv(NS, 'midway'), (o) => (o?.status?.restartCount ?? 0) >= 1);
    expect(cond(cut, 'Running')).toMatchObject({ status: 'False', reason: 'Error', message: expect.stringMatching(/^Unable to process data: unexpected EOF after \d+ of 2097152 bytes$/) });
    expect(cut.status.progress).toMatch(/^\d+\.\d{2}%$/);

    const url = images.url('/images/tampered.img?size=4096');
    expectStatus(await api.req('POST', P.dvs(NS), dv('tampered', { http: { url, checksum: `sha256:${'0'.repeat(64)}` } })), 201);
    const t = await api.waitFor(P.dv(NS, 'tampered'), (o) => (o?.status?.restartCount ?? 0) >= 1);
    expect(cond(t, 'Running').message).toMatch(/^Unable to process data: checksum mismatch: expected sha256:0{64}, got sha256:[0-9a-f]{64}$/);
  });

  it('uploads a real file through an UploadTokenRequest and the upload proxy', async () => {
    expectStatus(await api.req('POST', P.dvs(NS), dv('up', { upload: {} })), 201);
    await api.waitFor(P.dv(NS, 'up'), (o) => o?.status?.phase === 'UploadReady');
    const tokenReq = { apiVersion: 'upload.cdi.kubevirt.io/v1beta1', kind: 'UploadTokenRequest', metadata: { name: 'up' }, spec: { pvcName: 'up' } };
    const tok = expectStatus(await api.req('POST', `/apis/upload.cdi.kubevirt.io/v1beta1/namespaces/${NS}/uploadtokenrequests`, tokenReq), 201).json.status.token as string;
    expect(tok.split('.')).toHaveLength(3);
    const cfg = (await api.req('GET', '/apis/cdi.kubevirt.io/v1beta1/cdiconfigs/config')).json;
    const proxy = cfg.status.uploadProxyURL as string;
    expect(proxy).toMatch(/^127\.0\.0\.1:\d+$/);
    const file = imageBytes(256 * 1024);
    expect((await proxyPost(proxy, '/v1beta1/upload-async', file, {})).status).toBe(400);
    expect((await proxyPost(proxy, '/v1beta1/upload-async', file, { authorization: 'Bearer forged.token.x' })).status).toBe(401);
    const ok = await proxyPost(proxy, '/v1beta1/upload-async', file, { authorization: `Bearer ${tok}`, 'content-type': 'application/octet-stream' });
    expect(ok.status).toBe(200);
    const done = await api.waitFor(P.dv(NS, 'up'), (o) => o?.status?.phase === 'Succeeded');
    expect(done.status.progress).toBe('100.0%');
    expect((await proxyPost(proxy, '/v1beta1/upload-async', file, { authorization: `Bearer ${tok}` })).status).toBe(409);

    // The uploaded bytes are real: a clone of the PVC succeeds from them, and a form upload works too.
    expectStatus(await api.req('POST', P.dvs(NS), dv('up-clone', { pvc: { namespace: NS, name: 'up' } })), 201);
    await api.waitFor(P.dv(NS, 'up-clone'), (o) => o?.status?.phase === 'Succeeded');
    expectStatus(await api.req('POST', P.dvs(NS), dv('up-form', { upload: {} })), 201);
    await api.waitFor(P.dv(NS, 'up-form'), (o) => o?.status?.phase === 'UploadReady');
    const tok2 = (await api.req('POST', `/apis/upload.cdi.kubevirt.io/v1beta1/namespaces/${NS}/uploadtokenrequests`, { ...tokenReq, spec: { pvcName: 'up-form' } })).json.status.token;
    const boundary = '----labboundary';
    const form = Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="disk.img"\r\nContent-Type: application/octet-stream\r\n\r\n`), file, Buffer.from(`\r\n--${boundary}--\r\n`)]);
    const formRes = await proxyPost(proxy, '/v1beta1/upload-form-async', form, { authorization: `Bearer ${tok2}`, 'content-type': `multipart/form-data; boundary=${boundary}` });
    expect(formRes.status).toBe(200);
    await api.waitFor(P.dv(NS, 'up-form'), (o) => o?.status?.phase === 'Succeeded');
  });

  it('binds a WaitForFirstConsumer DataVolume when the VM using it starts', async () => {
    expectStatus(await api.req('POST', P.dvs(NS), dv('wffc-disk', { blank: {} }, 'local-path')), 201);
    await api.waitFor(P.dv(NS, 'wffc-disk'), (o) => o?.status?.phase === 'WaitForFirstConsumer');
    expect((await api.req('GET', P.pvc(NS, 'wffc-disk'))).json.status.phase).toBe('Pending');
    expectStatus(await api.req('POST', P.vms(NS), buildVm({ name: 'wffc-vm', namespace: NS, runStrategy: 'Manual', dataVolume: 'wffc-disk' })), 201);
    await new Promise((r) => setTimeout(r, 300));
    expect((await api.req('GET', P.dv(NS, 'wffc-disk'))).json.status.phase).toBe('WaitForFirstConsumer');
    expectStatus(await api.req('PUT', P.vmSub(NS, 'wffc-vm', 'start'), {}), 202);
    const vmi = await api.waitFor(P.vmi(NS, 'wffc-vm'), (o) => o?.status?.phase === 'Running');
    const d = (await api.req('GET', P.dv(NS, 'wffc-disk'))).json;
    expect(d.status.phase).toBe('Succeeded');
    const pvc = (await api.req('GET', P.pvc(NS, 'wffc-disk'))).json;
    expect(pvc.status.phase).toBe('Bound');
    expect(pvc.metadata.annotations['volume.kubernetes.io/selected-node']).toBe(vmi.status.nodeName);
    const pv = (await api.req('GET', `/api/v1/persistentvolumes/${pvc.spec.volumeName}`)).json;
    expect(pv.spec.nodeAffinity.required.nodeSelectorTerms[0].matchExpressions[0].values).toEqual([vmi.status.nodeName]);
  });

  it('an upload DV on a WFFC class with the immediate-binding annotation binds at once', async () => {
    expectStatus(await api.req('POST', P.dvs(NS), dv('imm', { upload: {} }, 'local-path', { 'cdi.kubevirt.io/storage.bind.immediate.requested': '' })), 201);
    await api.waitFor(P.dv(NS, 'imm'), (o) => o?.status?.phase === 'UploadReady');
  });
});
