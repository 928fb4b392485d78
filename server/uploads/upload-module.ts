/**
 * Resumable uploads: the tus 1.0 endpoint (`@tus/server` + `@tus/file-store`) stages the file on
 * the console, behind the session, CSRF, a size limit and a per-user quota; the transfer routes
 * check the browser's sha256 against the staged copy and send it to the site's CDI upload proxy
 * (`site-transfer.ts`). Staged files are removed after success or cancel, and on expiry.
 */
import { mkdirSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileStore } from '@tus/file-store';
import { Server } from '@tus/server';
import { UPLOAD_TRANSFER_PREFIX, UPLOADS_TUS_PATH, type UploadMetadata } from '../../lib/api/uploads';
import { DV_GVR } from '../../lib/k8s/resources/datavolume';
import { UPLOAD_TOKEN_GVR } from '../../lib/k8s/resources/upload-token-request';
import type { Principal } from '../auth/types';
import type { BackendModule, ServerContext } from '../context';
import { HttpStatusError } from '../http/status';
import { checkMutation } from '../proxy/k8s-proxy';
import { requireAccess } from '../sites/kube-call';
import { transferRoute, Transfers } from './transfers';

export interface UploadModuleOptions {
  /** Staging folder (kept across restarts so uploads resume); default `<tmp>/edgevirt-uploads`. */
  dir?: string;
  /** Largest file, bytes (default 64 GiB). */
  maxBytes?: number;
  /** Staged bytes one user may hold at once (default 128 GiB). */
  quotaBytes?: number;
  /** A staged upload untouched this long is removed (default 24 h). */
  expiryMs?: number;
}

const GI = 2 ** 30;
const OWNER = 'owner';

/** `Upload-Metadata`: comma-separated `key base64value` pairs (tus 1.0). */
export function parseTusMetadata(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of (header ?? '').split(',')) {
    const [k, v] = pair.trim().split(' ');
    if (k) out[k] = v ? Buffer.from(v, 'base64').toString('utf8') : '';
  }
  return out;
}

function encodeTusMetadata(m: Record<string, string>): string {
  return Object.entries(m)
    .map(([k, v]) => `${k} ${Buffer.from(v).toString('base64')}`)
    .join(',');
}

async function principalOf(req: IncomingMessage, ctx: ServerContext): Promise<Principal> {
  const p = await ctx.auth.principal(req);
  if (!p) throw new HttpStatusError(401, 'Unauthorized', 'not signed in');
  return p;
}

export function uploadModule(opts: UploadModuleOptions = {}): BackendModule {
  return {
    name: 'uploads',
    setup: (ctx) => {
      const dir = opts.dir ?? join(tmpdir(), 'edgevirt-uploads');
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      const expiryMs = opts.expiryMs ?? 24 * 3600_000;
      const store = new FileStore({
        directory: dir,
        expirationPeriodInMilliseconds: expiryMs,
      });
      const maxBytes = opts.maxBytes ?? 64 * GI;
      const quota = opts.quotaBytes ?? 128 * GI;
      const transfers = new Transfers(ctx, store);
      const tus = new Server({
        path: UPLOADS_TUS_PATH,
        datastore: store,
        maxSize: maxBytes,
        relativeLocation: true,
        respectForwardedHeaders: ctx.trustProxy,
        onUploadFinish: async (_req, upload) => {
          transfers.received(upload);
          return {};
        },
      });
      // tus expires unfinished uploads; finished ones never sent to a site expire here.
      const sweep = setInterval(
        () =>
          void Promise.all([tus.cleanUpExpiredUploads(), transfers.expireIdle(expiryMs)]).catch(
            () => undefined,
          ),
        Math.min(10 * 60_000, Math.max(250, expiryMs / 4)),
      );
      sweep.unref();

      async function handleTus(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
        const p = await principalOf(req, ctx);
        const method = req.method ?? 'GET';
        if (method !== 'HEAD' && method !== 'GET' && method !== 'OPTIONS') checkMutation(req, ctx, p);
        const id = url.pathname.slice(UPLOADS_TUS_PATH.length + 1);
        if (!id) {
          if (method === 'POST') await admitCreation(req, p);
          return tus.handle(req, res);
        }
        const upload = await store.getUpload(id).catch(() => undefined);
        if (!upload || upload.metadata?.[OWNER] !== p.user.username)
          throw new HttpStatusError(404, 'NotFound', `upload ${id} not found`);
        if (method === 'DELETE') transfers.cancel(id);
        await tus.handle(req, res);
        if (method === 'PATCH') await countStaged(id, upload.offset, upload.metadata?.site ?? '');
      }

      /** Bytes a PATCH added to the staged file (also the part of an interrupted one). */
      async function countStaged(id: string, before: number, site: string): Promise<void> {
        const after = await store.getUpload(id).catch(() => undefined);
        if (after) ctx.metrics.uploadBytes(site, 'staged', after.offset - before);
      }

      /** Creation: the DataVolume must exist for the user, the size fit the limit and the quota. */
      async function admitCreation(req: IncomingMessage, p: Principal): Promise<void> {
        const meta = parseTusMetadata(
          req.headers['upload-metadata'] as string | undefined,
        ) as Partial<UploadMetadata> & Record<string, string>;
        if (!meta.site || !meta.namespace || !meta.name)
          throw new HttpStatusError(400, 'BadRequest', 'Upload-Metadata must name site, namespace and name');
        const length = Number(req.headers['upload-length']);
        if (!Number.isSafeInteger(length) || length <= 0)
          throw new HttpStatusError(
            400,
            'BadRequest',
            'Upload-Length is required (deferred length is not accepted)',
          );
        if (length > maxBytes)
          throw new HttpStatusError(
            413,
            'RequestEntityTooLarge',
            `the file is ${length} bytes; the console accepts at most ${maxBytes}`,
          );
        const used = await transfers.stagedBytes(p.user.username);
        if (used + length > quota)
          throw new HttpStatusError(
            413,
            'RequestEntityTooLarge',
            `staging this file would hold ${used + length} bytes for ${p.user.username}; the quota is ${quota}`,
          );
        await requireAccess(ctx, p, meta.site, {
          namespace: meta.namespace,
          verb: 'get',
          group: DV_GVR.group,
          resource: DV_GVR.resource,
          name: meta.name,
        });
        // Sending needs an UploadTokenRequest: a read-only user is refused before any byte is staged.
        await requireAccess(ctx, p, meta.site, {
          namespace: meta.namespace,
          verb: 'create',
          group: UPLOAD_TOKEN_GVR.group,
          resource: UPLOAD_TOKEN_GVR.resource,
        });
        // The owner is the session's user, never what the client wrote.
        // @tus/server builds its Request from rawHeaders, so both copies carry the owner.
        const owned = encodeTusMetadata({ ...meta, [OWNER]: p.user.username });
        req.headers['upload-metadata'] = owned;
        for (let i = 0; i < req.rawHeaders.length; i += 2)
          if (req.rawHeaders[i]?.toLowerCase() === 'upload-metadata') req.rawHeaders[i + 1] = owned;
      }

      return {
        routes: [
          {
            method: '*',
            name: UPLOADS_TUS_PATH,
            path: (path: string) => path === UPLOADS_TUS_PATH || path.startsWith(`${UPLOADS_TUS_PATH}/`),
            handle: handleTus,
          },
          {
            method: ['GET', 'POST', 'DELETE'],
            // One URL per upload below the prefix (an exact path matched none of them).
            name: UPLOAD_TRANSFER_PREFIX,
            path: (path: string) => path.startsWith(UPLOAD_TRANSFER_PREFIX),
            handle: async (req, res, url) =>
              transferRoute(req, res, url, await principalOf(req, ctx), transfers, ctx),
          },
        ],
        close: () => {
          clearInterval(sweep);
          transfers.close();
        },
      };
    },
  };
}
