/**
 * The console → site half of an upload: one transfer per staged file, started when the browser
 * posts the sha256 it computed and the staged copy hashes the same; kept in memory so the page
 * can leave and come back (GET answers its state), removed with the staged file on success or
 * cancel.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import type { FileStore } from '@tus/file-store';
import type { Upload } from '@tus/utils';
import {
  UPLOAD_TRANSFER_PREFIX,
  type UploadCompleteRequest,
  type UploadTransfer,
} from '../../lib/api/uploads';
import type { Principal } from '../auth/types';
import type { ServerContext } from '../context';
import { checkMutation } from '../proxy/k8s-proxy';
import { readJsonObject } from '../http/body';
import { HttpStatusError, sendJson } from '../http/status';
import { failureOf, sendToSite } from './site-transfer';

interface Job {
  t: UploadTransfer;
  owner: string;
  abort: AbortController;
}

async function sha256Of(path: string): Promise<string> {
  const h = createHash('sha256');
  await pipeline(createReadStream(path), h);
  return h.digest('hex');
}

export class Transfers {
  private readonly jobs = new Map<string, Job>();

  constructor(
    private readonly ctx: ServerContext,
    private readonly store: FileStore,
  ) {}

  /** tus says the last byte arrived. */
  received(upload: Upload): void {
    const job = this.jobs.get(upload.id);
    if (job) job.t.received = upload.offset;
  }

  /** Bytes staged for one user (finished or not), from the store so a restart forgets nothing. */
  async stagedBytes(owner: string): Promise<number> {
    let sum = 0;
    for (const id of (await this.store.configstore.list?.()) ?? []) {
      const u = await this.store.getUpload(id).catch(() => undefined);
      if (u?.metadata?.owner === owner) sum += u.size ?? 0;
    }
    return sum;
  }

  /** Removes staged files older than `ms` that no transfer is sending; answers how many. */
  async expireIdle(ms: number): Promise<number> {
    let n = 0;
    for (const id of (await this.store.configstore.list?.()) ?? []) {
      const job = this.jobs.get(id);
      if (job && job.t.stage !== 'failed') continue;
      const u = await this.store.getUpload(id).catch(() => undefined);
      const born = u?.creation_date ? Date.parse(u.creation_date) : NaN;
      if (!u || !(Date.now() - born > ms)) continue;
      this.jobs.delete(id);
      await this.store.remove(id).catch(() => undefined);
      n++;
    }
    return n;
  }

  /** The state of an upload for its owner: the transfer, or the staging progress before it. */
  async state(id: string, owner: string): Promise<UploadTransfer> {
    const job = this.jobs.get(id);
    if (job) {
      if (job.owner !== owner) throw new HttpStatusError(404, 'NotFound', `upload ${id} not found`);
      return job.t;
    }
    const u = await this.upload(id, owner);
    const m = u.metadata ?? {};
    return {
      id,
      site: m.site ?? '',
      namespace: m.namespace ?? '',
      name: m.name ?? '',
      size: u.size ?? 0,
      received: u.offset,
      stage: 'receiving',
      sent: 0,
      attempts: 0,
      updatedAt: Date.now(),
    };
  }

  private async upload(id: string, owner: string): Promise<Upload> {
    const u = await this.store.getUpload(id).catch(() => undefined);
    if (!u || u.metadata?.owner !== owner)
      throw new HttpStatusError(404, 'NotFound', `upload ${id} not found`);
    return u;
  }

  /** Checks the browser's sha256 against the staged file, then sends it to the site. */
  async complete(id: string, sha256: string, p: Principal): Promise<UploadTransfer> {
    const running = this.jobs.get(id);
    if (running && running.owner === p.user.username && running.t.stage !== 'failed') return running.t;
    const u = await this.upload(id, p.user.username);
    if (u.size === undefined || u.offset !== u.size)
      throw new HttpStatusError(409, 'Conflict', `upload ${id} has ${u.offset} of ${u.size ?? '?'} bytes`);
    const m = u.metadata ?? {};
    const t: UploadTransfer = {
      id,
      site: m.site ?? '',
      namespace: m.namespace ?? '',
      name: m.name ?? '',
      size: u.size,
      received: u.offset,
      stage: 'verifying',
      sent: 0,
      attempts: 0,
      updatedAt: Date.now(),
    };
    const job: Job = { t, owner: p.user.username, abort: new AbortController() };
    this.jobs.set(id, job);
    const update = (patch: Partial<UploadTransfer>) => Object.assign(t, patch, { updatedAt: Date.now() });
    const file = u.storage?.path ?? '';
    void (async () => {
      const got = await sha256Of(file);
      update({ sha256: got });
      if (got !== sha256.toLowerCase()) {
        update({
          stage: 'failed',
          error: `checksum mismatch: the browser read sha256 ${sha256}, the console received ${got}`,
          errorReason: 'ChecksumMismatch',
        });
        return void (await this.store.remove(id).catch(() => undefined));
      }
      await sendToSite(this.ctx, p, t, file, update, job.abort.signal);
      await this.store.remove(id).catch(() => undefined);
    })().catch((err: unknown) => {
      if (!job.abort.signal.aborted) update({ stage: 'failed', ...failureOf(err) });
    });
    return t;
  }

  cancel(id: string): void {
    const job = this.jobs.get(id);
    job?.abort.abort();
    this.jobs.delete(id);
  }

  async remove(id: string, owner: string): Promise<void> {
    const job = this.jobs.get(id);
    if (job && job.owner !== owner) throw new HttpStatusError(404, 'NotFound', `upload ${id} not found`);
    this.cancel(id);
    if (await this.store.getUpload(id).catch(() => undefined)) {
      await this.upload(id, owner);
      await this.store.remove(id);
    }
  }

  close(): void {
    for (const j of this.jobs.values()) j.abort.abort();
    this.jobs.clear();
  }
}

/** GET state, POST `{sha256}` to start, DELETE to cancel and remove the staged file. */
export async function transferRoute(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  p: Principal,
  transfers: Transfers,
  ctx: ServerContext,
): Promise<void> {
  const id = decodeURIComponent(url.pathname.slice(UPLOAD_TRANSFER_PREFIX.length));
  if (!/^[0-9a-f]{16,64}$/.test(id)) throw new HttpStatusError(404, 'NotFound', 'no such upload');
  if (req.method === 'GET') return sendJson(res, 200, await transfers.state(id, p.user.username));
  checkMutation(req, ctx, p);
  if (req.method === 'DELETE') {
    await transfers.remove(id, p.user.username);
    return void res.writeHead(204).end();
  }
  const body: Partial<Record<keyof UploadCompleteRequest, unknown>> = await readJsonObject(req);
  const sha = typeof body.sha256 === 'string' ? body.sha256 : '';
  if (!/^[0-9a-fA-F]{64}$/.test(sha))
    throw new HttpStatusError(422, 'Invalid', 'sha256 must be 64 hex digits');
  sendJson(res, 202, await transfers.complete(id, sha, p));
}
