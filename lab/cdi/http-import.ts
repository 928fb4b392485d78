import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** A failed transfer, with the reason CDI puts on the DataVolume's Running condition. */
export class TransferError extends Error {
  constructor(
    readonly reason: string,
    message: string,
  ) {
    super(message);
    this.name = 'TransferError';
  }
}

function dialMessage(url: string, err: unknown): string {
  const cause = (err as { cause?: { code?: string } }).cause;
  const u = new URL(url);
  const port = u.port || (u.protocol === 'https:' ? '443' : '80');
  if (cause?.code === 'ENOTFOUND' || cause?.code === 'EAI_AGAIN') return `dial tcp: lookup ${u.hostname}: no such host`;
  if (cause?.code === 'ECONNREFUSED') return `dial tcp ${u.hostname}:${port}: connect: connection refused`;
  return (cause as Error | undefined)?.message ?? (err as Error).message;
}

/**
 * Downloads `url` into `file` as CDI's importer does, reporting bytes and the Content-Length
 * total as it goes, and verifying an optional `sha256:<hex>` (or `md5:`) checksum.
 */
export async function httpImport(url: string, file: string, opts: { checksum?: string; signal: AbortSignal; onProgress: (done: number, total?: number) => void }): Promise<void> {
  let res: Response;
  try {
    res = await fetch(url, { signal: opts.signal });
  } catch (err) {
    if (opts.signal.aborted) throw err;
    throw new TransferError('Error', `Unable to connect to http data source: Get "${url}": ${dialMessage(url, err)}`);
  }
  if (res.status !== 200 || !res.body) {
    throw new TransferError('Error', `Unable to connect to http data source: expected status code 200, got ${res.status}. Status: ${res.status} ${res.statusText}`);
  }
  const total = Number(res.headers.get('content-length')) || undefined;
  const [algo, want] = (opts.checksum ?? '').split(':');
  const hash = algo && want ? createHash(algo) : undefined;
  let done = 0;
  const body = Readable.fromWeb(res.body as import('node:stream/web').ReadableStream<Uint8Array>);
  body.on('data', (chunk: Buffer) => {
    done += chunk.length;
    hash?.update(chunk);
    opts.onProgress(done, total);
  });
  try {
    await pipeline(body, createWriteStream(file), { signal: opts.signal });
  } catch (err) {
    if (opts.signal.aborted) throw err;
    // A connection cut mid-body: the importer's reader sees a short read.
    throw new TransferError('Error', `Unable to process data: unexpected EOF after ${done} of ${total ?? 'unknown'} bytes`);
  }
  if (total !== undefined && done !== total) throw new TransferError('Error', `Unable to process data: unexpected EOF after ${done} of ${total} bytes`);
  const got = hash?.digest('hex');
  if (hash && got !== want) throw new TransferError('Error', `Unable to process data: checksum mismatch: expected ${algo}:${want}, got ${algo}:${got}`);
}
