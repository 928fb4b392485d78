/**
 * The lab's CDI handles real disk images: a qcow2 served over HTTP or uploaded is read with
 * `qemu-img info`, checked against the claim's size and converted to raw with `qemu-img convert`,
 * so the claim's file holds the guest-visible bytes; too large and invalid images fail with
 * CDI's messages on the Running condition.
 */
import { execFileSync } from 'node:child_process';
import { createReadStream, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { request } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Lab } from '../../lab/lab';
import { createNamespace, expectStatus, labApi, P, startDemoLab, type LabApi } from '../support/lab-api';
import { volumeFile } from '../support/volume-files';

const NS = 't-cdi-images';
const MI = 2 ** 20;
const dir = mkdtempSync(join(tmpdir(), 'cdi-images-'));
let lab: Lab;
let api: LabApi;
let files: Server;
let filesUrl: string;

/** A qcow2 of `virtual` bytes whose first MiB is 0xab, made with qemu-img and qemu-io. */
function qcow2(name: string, virtual: string): string {
  const f = join(dir, name);
  execFileSync('qemu-img', ['create', '-q', '-f', 'qcow2', f, virtual]);
  execFileSync('qemu-io', ['-f', 'qcow2', '-c', 'write -P 0xab 0 1M', f], { stdio: 'ignore' });
  return f;
}

beforeAll(async () => {
  lab = await startDemoLab();
  api = labApi(lab);
  await createNamespace(api, NS);
  files = createServer((req, res) => {
    const f = join(dir, (req.url ?? '/').slice(1));
    try {
      res.writeHead(200, { 'content-length': statSync(f).size });
      createReadStream(f).pipe(res);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((r) => files.listen(0, '127.0.0.1', r));
  filesUrl = `http://127.0.0.1:${(files.address() as AddressInfo).port}`;
}, 60_000);

afterAll(async () => {
  await new Promise((r) => files?.close(r));
  await lab?.stop();
});

const dv = (name: string, source: unknown, size = '1Gi') => ({
  apiVersion: 'cdi.kubevirt.io/v1beta1',
  kind: 'DataVolume',
  metadata: { name },
  spec: { source, storage: { storageClassName: 'shared-nfs', resources: { requests: { storage: size } } } },
});
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const running = (o: any): any => o?.status?.conditions?.find((c: { type: string }) => c.type === 'Running');

async function claimFile(name: string): Promise<string> {
  const uid = String((await api.req('GET', P.pvc(NS, name))).json.metadata.uid);
  const f = volumeFile('central', uid);
  expect(f, `no volume file for ${name}`).toBeTruthy();
  return f ?? '';
}

async function upload(name: string, file: string): Promise<number> {
  await api.waitFor(P.dv(NS, name), (o) => o?.status?.phase === 'UploadReady');
  const tokenReq = {
    apiVersion: 'upload.cdi.kubevirt.io/v1beta1',
    kind: 'UploadTokenRequest',
    metadata: { name },
    spec: { pvcName: name },
  };
  const tok = expectStatus(
    await api.req(
      'POST',
      `/apis/upload.cdi.kubevirt.io/v1beta1/namespaces/${NS}/uploadtokenrequests`,
      tokenReq,
    ),
    201,
  ).json.status.token as string;
  const proxy = (await api.req('GET', '/apis/cdi.kubevirt.io/v1beta1/cdiconfigs/config')).json.status
    .uploadProxyURL as string;
  return new Promise((resolve, reject) => {
    const r = request(
      `https://${proxy}/v1beta1/upload-async`,
      {
        method: 'POST',
        ca: lab.caPem,
        headers: { authorization: `Bearer ${tok}`, 'content-length': statSync(file).size },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    r.on('error', reject);
    createReadStream(file).pipe(r);
  });
}

describe('CDI with real images', () => {
  it('imports a qcow2 over HTTP and converts it to raw of its virtual size', async () => {
    qcow2('http.qcow2', '64M');
    expectStatus(
      await api.req('POST', P.dvs(NS), dv('http-qcow2', { http: { url: `${filesUrl}/http.qcow2` } })),
      201,
    );
    const done = await api.waitFor(
      P.dv(NS, 'http-qcow2'),
      (o) => o?.status?.phase === 'Succeeded' || (o?.status?.restartCount ?? 0) > 0,
    );
    expect(running(done)).toMatchObject({ reason: 'Completed' });
    expect(done.status.progress).toBe('100.0%');
    const f = await claimFile('http-qcow2');
    expect(JSON.parse(execFileSync('qemu-img', ['info', '--output=json', f]).toString())).toMatchObject({
      format: 'raw',
      'virtual-size': 64 * MI,
    });
    const head = execFileSync('head', ['-c', String(MI), f]);
    expect(head.every((b) => b === 0xab)).toBe(true);
  });

  it('uploads a qcow2 through the proxy into a raw claim file', async () => {
    const src = qcow2('up.qcow2', '32M');
    expectStatus(await api.req('POST', P.dvs(NS), dv('up-qcow2', { upload: {} })), 201);
    expect(await upload('up-qcow2', src)).toBe(200);
    await api.waitFor(P.dv(NS, 'up-qcow2'), (o) => o?.status?.phase === 'Succeeded');
    expect(statSync(await claimFile('up-qcow2')).size).toBe(32 * MI);
  });

  it('refuses an image larger than the claim with CDI message', async () => {
    const src = qcow2('big.qcow2', '2G');
    expectStatus(await api.req('POST', P.dvs(NS), dv('too-big', { upload: {} }, '1Gi')), 201);
    expect(await upload('too-big', src)).toBe(200);
    const failed = await api.waitFor(P.dv(NS, 'too-big'), (o) => (o?.status?.restartCount ?? 0) >= 1);
    expect(failed.status.phase).toBe('UploadReady');
    expect(running(failed)).toMatchObject({
      status: 'False',
      reason: 'Error',
      message: `Unable to process data: Virtual image size ${2 * 2 ** 30} is larger than the reported available storage ${2 ** 30}. A larger PVC is required.`,
    });
  });

  it('fails a corrupt qcow2 over HTTP with qemu-img words and retries', async () => {
    const header = Buffer.alloc(4096);
    header.write('QFI\xfb', 0, 'latin1');
    header.writeUInt32BE(3, 4);
    writeFileSync(join(dir, 'corrupt.qcow2'), header);
    expectStatus(
      await api.req('POST', P.dvs(NS), dv('corrupt', { http: { url: `${filesUrl}/corrupt.qcow2` } })),
      201,
    );
    const failed = await api.waitFor(P.dv(NS, 'corrupt'), (o) => (o?.status?.restartCount ?? 0) >= 1);
    expect(running(failed)).toMatchObject({
      status: 'False',
      reason: 'Error',
      message: expect.stringMatching(/^Unable to process data: qemu-img: Could not open '.+'/),
    });
  });
});
