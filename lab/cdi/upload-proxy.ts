import { createWriteStream } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { KubeObject } from '../store/types';
import { R } from '../controllers/refs';
import type { Runtime } from '../controllers/runtime';
import { quantityOr } from '../controllers/quantity';
import { patchDv } from './dv-status';
import { processImage } from './image';
import type { UploadTokens } from './upload-token';
import type { VolumeFiles } from './volume-files';

const PATHS = /^\/v1(alpha1|beta1)\/(upload|upload-async|upload-form|upload-form-async)$/;

function send(res: ServerResponse, code: number, text: string): void {
  res.writeHead(code, { 'content-type': 'text/plain; charset=utf-8' }).end(text);
}

function cors(res: ServerResponse): void {
  res.setHeader('access-control-allow-origin', '*');
  res.setHeader('access-control-allow-methods', 'POST, HEAD, OPTIONS');
  res.setHeader('access-control-allow-headers', 'Authorization, Content-Type, Content-Length');
}

/** Waits up to `ms` for the DV of a claim to be UploadReady, as the proxy waits for the upload pod. */
async function readyDv(rt: Runtime, ns: string, name: string, ms: number): Promise<KubeObject | undefined> {
  const until = Date.now() + ms;
  for (;;) {
    const dv = rt.store.get(R.dv, ns, name);
    if (dv?.status?.phase === 'UploadReady' || dv?.status?.phase === 'Succeeded' || Date.now() > until) return dv;
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The body stream of an upload: raw bytes, or the `file` part of a multipart form. */
async function uploadBody(req: IncomingMessage, form: boolean): Promise<Readable> {
  if (!form) return req;
  const ct = req.headers['content-type'] ?? '';
  const data = await new Response(Readable.toWeb(req) as ReadableStream, { headers: { 'content-type': ct } }).formData();
  const file = data.get('file');
  if (!file || typeof file === 'string') throw new Error('no file part named "file" in the form');
  return Readable.fromWeb(file.stream() as import('node:stream/web').ReadableStream<Uint8Array>);
}

/**
 * CDI's upload proxy for one site (HTTPS with the site's certificate): checks the bearer token
 * from an UploadTokenRequest, writes the bytes into the claim's file and completes the DataVolume.
 */
export async function startUploadProxy(rt: Runtime, files: VolumeFiles, tokens: UploadTokens): Promise<{ server: Server; hostPort: string }> {
  const busy = new Set<string>();
  const server = createServer({ key: rt.ctx.tls.key, cert: rt.ctx.tls.cert }, (req, res) => {
    void handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) send(res, 500, err instanceof Error ? err.message : String(err));
    });
  });
  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    cors(res);
    const path = new URL(req.url ?? '/', 'https://x').pathname;
    const m = PATHS.exec(path);
    if (req.method === 'OPTIONS') return void res.writeHead(204).end();
    if (path === '/healthz') return send(res, 200, 'OK');
    if (!m) return send(res, 404, '404 page not found\n');
    if (req.method === 'HEAD' && m[2] === 'upload-async') return void res.writeHead(200).end();
    if (req.method !== 'POST') return send(res, 405, 'method not allowed');
    const auth = req.headers.authorization ?? '';
    const bearer = /^Bearer (\S+)$/.exec(auth)?.[1];
    if (!bearer) return send(res, 400, 'missing Authorization header');
    const claims = tokens.verify(bearer);
    if (!claims) return send(res, 401, 'invalid token');
    const key = `${claims.namespace}/${claims.name}`;
    const dv = await readyDv(rt, claims.namespace, claims.name, rt.delay(10_000));
    if (dv?.status?.phase === 'Succeeded') return send(res, 409, `upload of PVC ${key} already done`);
    const pvc = rt.store.get(R.pvc, claims.namespace, claims.name);
    if (!dv || !pvc || dv.status?.phase !== 'UploadReady') return send(res, 503, `PVC ${key} is not ready for upload`);
    if (busy.has(key)) return send(res, 503, `an upload to PVC ${key} is already in progress`);
    busy.add(key);
    const target = files.path(pvc.metadata.uid ?? '');
    const scratch = `${target}.scratch`;
    try {
      const body = await uploadBody(req, (m[2] ?? '').startsWith('upload-form'));
      await pipeline(body, createWriteStream(scratch));
    } catch (err) {
      busy.delete(key);
      return send(res, 400, `upload failed: ${err instanceof Error ? err.message : String(err)}`);
    }
    // The async paths answer once the bytes are in; the upload server then processes them.
    const async = (m[2] ?? '').endsWith('-async');
    if (async) send(res, 200, '');
    const failure = await finish(dv, pvc, scratch, target);
    busy.delete(key);
    if (!async) send(res, failure ? 400 : 200, failure ?? '');
  }

  /** qemu-img checks and converts the upload; answers the failure's message, if any. */
  async function finish(dv: KubeObject, pvc: KubeObject, scratch: string, target: string): Promise<string | undefined> {
    const name = dv.metadata.name ?? '';
    try {
      await processImage(scratch, target, quantityOr(pvc.spec?.resources?.requests?.storage, 0));
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      const restarts = (rt.store.get(R.dv, dv.metadata.namespace, name)?.status?.restartCount ?? 0) + 1;
      patchDv(rt, dv, { restartCount: restarts, running: ['False', 'Error', message], ready: ['False', 'TransferRunning', ''] });
      rt.events.record(dv, 'Warning', 'Error', message, 'cdi-controller');
      return message;
    }
    patchDv(rt, dv, { phase: 'Succeeded', progress: '100.0%', running: ['False', 'Completed', ''], ready: ['True', '', ''] });
    rt.events.record(dv, 'Normal', 'UploadSucceeded', `Successfully uploaded into ${name}`, 'cdi-controller');
    return undefined;
  }
  await new Promise<void>((resolve) => server.listen(0, rt.ctx.host, resolve));
  const { port } = server.address() as AddressInfo;
  return { server, hostPort: `${rt.ctx.host}:${port}` };
}
