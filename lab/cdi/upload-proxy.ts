import { createWriteStream } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { KubeObject } from '../store/types';
import { R } from '../controllers/refs';
import type { Runtime } from '../controllers/runtime';
import { patchDv } from './dv-status';
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
    try {
      const body = await uploadBody(req, (m[2] ?? '').startsWith('upload-form'));
      await pipeline(body, createWriteStream(files.path(pvc.metadata.uid ?? '')));
    } catch (err) {
      busy.delete(key);
      return send(res, 400, `upload failed: ${err instanceof Error ? err.message : String(err)}`);
    }
    busy.delete(key);
    patchDv(rt, dv, { phase: 'Succeeded', progress: '100.0%', running: ['False', 'Completed', ''], ready: ['True', '', ''] });
    rt.events.record(dv, 'Normal', 'UploadSucceeded', `Successfully uploaded into ${claims.name}`, 'cdi-controller');
    send(res, 200, '');
  }
  await new Promise<void>((resolve) => server.listen(0, rt.ctx.host, resolve));
  const { port } = server.address() as AddressInfo;
  return { server, hostPort: `${rt.ctx.host}:${port}` };
}
