import type { ServerResponse } from 'node:http';
import { encoder, MIN_COMPRESS_BYTES, negotiateCoding } from './compression';
import { failureStatus, type Status } from '../../lib/k8s/types';

/** Thrown inside the backend and written as a `Status` by the request dispatcher. */
export class HttpStatusError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
  ) {
    super(message);
    this.name = 'HttpStatusError';
  }

  toStatus(): Status {
    return failureStatus(this.code, this.reason, this.message);
  }
}

/** Writes a JSON body with the right length; no-op if the response already started. */
export function sendJson(res: ServerResponse, code: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const text = JSON.stringify(body);
  const size = Buffer.byteLength(text);
  const coding = size >= MIN_COMPRESS_BYTES && res.req ? negotiateCoding(res.req.headers) : 'identity';
  const common = { ...headers, 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', vary: 'Accept-Encoding' };
  if (coding === 'identity') {
    res.writeHead(code, { ...common, 'content-length': size });
    res.end(text);
    return;
  }
  res.writeHead(code, { ...common, 'content-encoding': coding });
  const enc = encoder(coding);
  enc.on('error', () => res.destroy());
  enc.pipe(res);
  enc.end(text);
}

/** Writes a Kubernetes `Status` failure. */
export function sendStatus(res: ServerResponse, code: number, reason: string, message: string): void {
  sendJson(res, code, failureStatus(code, reason, message));
}

/** The canonical reason text kube-apiserver uses for an HTTP code. */
export function reasonFor(code: number): string {
  const reasons: Record<number, string> = {
    400: 'BadRequest',
    401: 'Unauthorized',
    403: 'Forbidden',
    404: 'NotFound',
    405: 'MethodNotAllowed',
    409: 'Conflict',
    413: 'RequestEntityTooLarge',
    415: 'UnsupportedMediaType',
    429: 'TooManyRequests',
    502: 'ServiceUnavailable',
    503: 'ServiceUnavailable',
    504: 'Timeout',
  };
  return reasons[code] ?? 'InternalError';
}
