/**
 * Sends a staged file to a site's CDI upload proxy as virtctl does: wait for the DataVolume to be
 * UploadReady, mint an UploadTokenRequest as the user, POST the bytes to `upload-async`. A dropped
 * link or a refused (expired) token starts a new attempt from the staged copy with a fresh
 * token: the user never uploads twice. `upload-async` answers once the bytes are in, before CDI
 * has checked and converted the image, so the transfer is done only when the DataVolume is
 * Succeeded; CDI's message is the failure if the image is refused.
 */
import { createReadStream } from 'node:fs';
import { Agent, request } from 'node:https';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { backoffDelay, DEFAULT_BACKOFF } from '../../lib/backoff';
import { apiPath } from '../../lib/k8s/api-path';
import {
  CDI_CONFIG_GVR,
  CDI_CONFIG_NAME,
  uploadProxyHost,
  type CdiConfig,
} from '../../lib/k8s/resources/cdi-config';
import { DV_GVR, type DataVolume } from '../../lib/k8s/resources/datavolume';
import { findCondition } from '../../lib/k8s/types';
import {
  UPLOAD_ASYNC_PATH,
  UPLOAD_TOKEN_GVR,
  uploadTokenRequest,
  type UploadTokenRequest,
} from '../../lib/k8s/resources/upload-token-request';
import type { UploadTransfer } from '../../lib/api/uploads';
import type { Principal } from '../auth/types';
import type { ServerContext } from '../context';
import { kubeCall, messageOf } from '../sites/kube-call';

const READY_WAIT_MS = 300_000;
/** How long CDI may take to check and convert the image after the last byte. */
const PROCESS_WAIT_MS = 1_800_000;
/** Polls of the DataVolume while CDI processes the image: the user waits on this one. */
const PROCESS_POLL_MS = 250;
const MAX_ATTEMPTS = 50;
const BACKOFF = { ...DEFAULT_BACKOFF, initialMs: 1000, jitter: 0.2 };

type Update = (patch: Partial<UploadTransfer>) => void;

class AttemptError extends Error {
  constructor(
    message: string,
    readonly reason: NonNullable<UploadTransfer['errorReason']>,
    readonly retry: boolean,
  ) {
    super(message);
  }
}

/** Waits `ms` or until aborted; the abort listener is removed either way (no listener piles up). */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise<void>((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(t);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const t = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

async function getDv(ctx: ServerContext, p: Principal, t: UploadTransfer): Promise<DataVolume | undefined> {
  const res = await kubeCall(
    ctx,
    p,
    t.site,
    'GET',
    apiPath(DV_GVR, { namespace: t.namespace, name: t.name }),
  );
  if (res.status === 403) throw new AttemptError(messageOf(res.body) ?? 'forbidden', 'Forbidden', false);
  if (res.status === 404)
    throw new AttemptError(messageOf(res.body) ?? `DataVolume ${t.name} not found`, 'NotReady', false);
  return res.status === 200 ? (res.body as DataVolume) : undefined;
}

/** CDI's words for why the import stopped: the Running condition's message when its reason is an error. */
function cdiError(dv: DataVolume | undefined): string | undefined {
  const running = findCondition(dv?.status?.conditions, 'Running');
  return running?.status !== 'True' && running?.reason && running.reason !== 'Completed'
    ? running.message || undefined
    : undefined;
}

/**
 * After the last byte: waits until CDI has processed the image (the DataVolume is Succeeded).
 * A Failed phase, or a new restart with an error (the upload server refused the image), ends
 * the transfer with CDI's message; sending the same bytes again would not help.
 */
async function waitProcessed(
  ctx: ServerContext,
  p: Principal,
  t: UploadTransfer,
  restartsBefore: number,
  signal: AbortSignal,
): Promise<void> {
  const until = Date.now() + PROCESS_WAIT_MS;
  for (;;) {
    if (signal.aborted) throw new AttemptError('cancelled', 'Other', false);
    const dv = await getDv(ctx, p, t);
    const phase = dv?.status?.phase;
    if (phase === 'Succeeded') return;
    const message = cdiError(dv);
    if (phase === 'Failed' || (message && (dv?.status?.restartCount ?? 0) > restartsBefore))
      throw new AttemptError(message ?? `DataVolume ${t.name} failed`, 'ImageRefused', false);
    if (Date.now() > until)
      throw new AttemptError(
        `DataVolume ${t.name} is not Succeeded ${PROCESS_WAIT_MS / 1000} s after the upload (phase ${phase ?? 'unknown'})`,
        'NotReady',
        false,
      );
    await sleep(1000, signal);
  }
}

async function waitUploadReady(
  ctx: ServerContext,
  p: Principal,
  t: UploadTransfer,
  signal: AbortSignal,
): Promise<{ done: boolean; restarts: number }> {
  const until = Date.now() + READY_WAIT_MS;
  for (;;) {
    const dv = await getDv(ctx, p, t);
    const phase = dv?.status?.phase;
    const restarts = dv?.status?.restartCount ?? 0;
    if (phase === 'UploadReady') return { done: false, restarts };
    if (phase === 'Succeeded') return { done: true, restarts };
    if (phase === 'Failed')
      throw new AttemptError(cdiError(dv) ?? `DataVolume ${t.name} failed`, 'NotReady', false);
    if (Date.now() > until)
      throw new AttemptError(
        `DataVolume ${t.name} is not UploadReady after ${READY_WAIT_MS / 1000} s (phase ${phase ?? 'unknown'})`,
        'NotReady',
        false,
      );
    if (signal.aborted) throw new AttemptError('cancelled', 'Other', false);
    await sleep(PROCESS_POLL_MS, signal);
  }
}

async function mintToken(ctx: ServerContext, p: Principal, t: UploadTransfer): Promise<string> {
  const res = await kubeCall(
    ctx,
    p,
    t.site,
    'POST',
    apiPath(UPLOAD_TOKEN_GVR, { namespace: t.namespace }),
    uploadTokenRequest(t.namespace, t.name),
  );
  if (res.status === 403) throw new AttemptError(messageOf(res.body) ?? 'forbidden', 'Forbidden', false);
  const token = res.status < 300 ? (res.body as UploadTokenRequest).status?.token : undefined;
  if (!token)
    throw new AttemptError(
      messageOf(res.body) ?? `UploadTokenRequest failed with HTTP ${res.status}`,
      'TokenRefused',
      res.status >= 500,
    );
  return token;
}

async function proxyHost(ctx: ServerContext, p: Principal, site: string): Promise<string> {
  const res = await kubeCall(ctx, p, site, 'GET', apiPath(CDI_CONFIG_GVR, { name: CDI_CONFIG_NAME }));
  const host = res.status === 200 ? uploadProxyHost(res.body as CdiConfig) : undefined;
  if (!host)
    throw new AttemptError(messageOf(res.body) ?? 'CDIConfig has no uploadProxyURL', 'SiteUnreachable', true);
  return host.replace(/^https?:\/\//, '').replace(/\/$/, '');
}

/** One POST of the whole staged file; resolves on 200 (or 409: already done). */
function postOnce(
  agent: Agent,
  host: string,
  token: string,
  file: string,
  t: UploadTransfer,
  update: Update,
  signal: AbortSignal,
  counted: (bytes: number) => void,
): Promise<void> {
  const url = new URL(`https://${host}${UPLOAD_ASYNC_PATH}`);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        hostname: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        agent,
        signal,
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/octet-stream',
          'content-length': t.size,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8').trim();
          const code = res.statusCode ?? 0;
          if (code === 200 || code === 409) return resolve();
          if (code === 401) return reject(new AttemptError(text || 'invalid token', 'TokenRefused', true));
          reject(
            new AttemptError(
              text || `upload proxy answered HTTP ${code}`,
              code === 503 ? 'NotReady' : 'Other',
              code >= 500,
            ),
          );
        });
      },
    );
    req.on('error', (err: NodeJS.ErrnoException) => {
      const untrusted = /certificate|self.signed|UNABLE_TO_VERIFY/i.test(`${err.code ?? ''} ${err.message}`);
      reject(
        new AttemptError(
          `upload proxy ${host}: ${err.message}`,
          untrusted ? 'ProxyUntrusted' : 'SiteUnreachable',
          !untrusted,
        ),
      );
    });
    let sent = 0;
    let last = 0;
    const meter = new Transform({
      transform(chunk: Buffer, _enc, cb) {
        sent += chunk.length;
        counted(chunk.length);
        if (Date.now() - last > 250 || sent === t.size) {
          last = Date.now();
          update({ sent });
        }
        cb(null, chunk);
      },
    });
    pipeline(createReadStream(file), meter, req).catch((err: unknown) =>
      req.destroy(err instanceof Error ? err : new Error(String(err))),
    );
  });
}

/** Runs the transfer to completion or a final failure; `update` reports each step. */
export async function sendToSite(
  ctx: ServerContext,
  principal: Principal,
  t: UploadTransfer,
  file: string,
  update: Update,
  signal: AbortSignal,
): Promise<void> {
  const site = ctx.registry.get(t.site);
  if (!site) throw new AttemptError(`site "${t.site}" not found`, 'Other', false);
  const agent = new Agent({
    ca: site.tls.ca,
    rejectUnauthorized: site.tls.rejectUnauthorized,
    keepAlive: false,
  });
  try {
    for (let attempt = 1; ; attempt++) {
      try {
        update({ stage: 'waitingForSite', attempts: attempt, sent: 0 });
        const ready = await waitUploadReady(ctx, principal, t, signal);
        if (ready.done) return update({ stage: 'succeeded', error: undefined, errorReason: undefined });
        const [host, token] = await Promise.all([
          proxyHost(ctx, principal, t.site),
          mintToken(ctx, principal, t),
        ]);
        update({ stage: 'sending', startedAt: Date.now() });
        await postOnce(agent, host, token, file, t, update, signal, (n) =>
          ctx.metrics.uploadBytes(t.site, 'sent', n),
        );
        update({ stage: 'processing', sent: t.size });
        await waitProcessed(ctx, principal, t, ready.restarts, signal);
        return update({ stage: 'succeeded', sent: t.size, error: undefined, errorReason: undefined });
      } catch (err) {
        if (signal.aborted) throw err;
        const e =
          err instanceof AttemptError
            ? err
            : new AttemptError(err instanceof Error ? err.message : String(err), 'SiteUnreachable', true);
        if (!e.retry || attempt >= MAX_ATTEMPTS) throw e;
        update({ stage: 'retrying', error: e.message, errorReason: e.reason });
        await sleep(backoffDelay(attempt - 1, BACKOFF), signal);
      }
    }
  } finally {
    agent.destroy();
  }
}

export function failureOf(err: unknown): Pick<UploadTransfer, 'error' | 'errorReason'> {
  if (err instanceof AttemptError) return { error: err.message, errorReason: err.reason };
  return { error: err instanceof Error ? err.message : String(err), errorReason: 'Other' };
}
