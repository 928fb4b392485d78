'use client';
/**
 * The browser half of an upload, kept outside React so it survives leaving the page: tus to the
 * console (resumable; tus-js-client keeps the upload URL per file fingerprint, so re-picking the
 * same file after a refresh resumes it), sha256 of the file while it goes (hash-wasm), then the
 * console's transfer to the site, polled. The ids of the uploads are kept in localStorage so
 * the second stage stays visible after a refresh.
 */
import { createSHA256 } from 'hash-wasm';
import { Upload } from 'tus-js-client';
import { UPLOADS_TUS_PATH, uploadTransferPath, type UploadCompleteRequest, type UploadTransfer } from '@/lib/api/uploads';
import { RateMeter } from '@/lib/datavolume/rate-meter';
import { csrfToken } from '@/lib/k8s/client';

export type BrowserStage = 'hashing' | 'uploading' | 'paused' | 'offline' | 'done' | 'cancelled' | 'failed';

export interface UploadView {
  key: string;
  site: string;
  namespace: string;
  name: string;
  filename: string;
  size: number;
  /** Stage 1: browser → console. */
  stage: BrowserStage;
  sent: number;
  hashed: number;
  rate?: number;
  eta?: number;
  error?: string;
  /** Stage 2: console → site, once it started. */
  transfer?: UploadTransfer;
  transferRate?: number;
  transferEta?: number;
}

interface Entry {
  view: UploadView;
  tus?: Upload;
  id?: string;
  sha256?: string;
  meter: RateMeter;
  siteMeter: RateMeter;
  poll?: ReturnType<typeof setInterval>;
}

const STORAGE_KEY = 'edgevirt-dv-uploads';
const CHUNK = 8 * 1024 * 1024;
const RETRIES = [0, 1000, 2000, 3000, 5000, ...Array<number>(200).fill(5000)];

const entries = new Map<string, Entry>();
const listeners = new Set<() => void>();
let snapshot: UploadView[] = [];

function emit(): void {
  snapshot = [...entries.values()].map((e) => e.view);
  for (const l of listeners) l();
}

function set(e: Entry, patch: Partial<UploadView>): void {
  e.view = { ...e.view, ...patch };
  emit();
}

export function subscribeUploads(l: () => void): () => void {
  listeners.add(l);
  return () => listeners.delete(l);
}

export const uploadsSnapshot = (): UploadView[] => snapshot;

/** True while a browser → console stage runs (the tab must stay open for it). */
export function browserStageActive(): boolean {
  return [...entries.values()].some(
    (e) => e.view.stage === 'uploading' || e.view.stage === 'hashing' || e.view.stage === 'offline',
  );
}

function remember(): void {
  const kept = [...entries.values()]
    .filter((e) => e.id && e.view.stage !== 'cancelled')
    .map((e) => ({ id: e.id, view: { ...e.view, transfer: undefined } }));
  localStorage.setItem(STORAGE_KEY, JSON.stringify(kept));
}

async function hashFile(e: Entry, file: File): Promise<string> {
  const h = await createSHA256();
  for (let off = 0; off < file.size; off += CHUNK) {
    if (e.view.stage === 'cancelled') throw new Error('cancelled');
    h.update(new Uint8Array(await file.slice(off, off + CHUNK).arrayBuffer()));
    set(e, { hashed: Math.min(file.size, off + CHUNK) });
  }
  return h.digest('hex');
}

async function transferCall(
  id: string,
  method: 'GET' | 'POST' | 'DELETE',
  body?: unknown,
): Promise<UploadTransfer | undefined> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (method !== 'GET') headers['x-csrf-token'] = await csrfToken();
  if (body) headers['content-type'] = 'application/json';
  const res = await fetch(uploadTransferPath(id), {
    method,
    headers,
    body: body ? JSON.stringify(body) : undefined,
    credentials: 'same-origin',
  });
  if (res.status === 204) return undefined;
  const json = (await res.json()) as UploadTransfer & { message?: string };
  if (!res.ok) throw new Error(json.message ?? `HTTP ${res.status}`);
  return json;
}

function watchTransfer(e: Entry): void {
  if (e.poll || !e.id) return;
  const id = e.id;
  e.poll = setInterval(() => {
    void transferCall(id, 'GET')
      .then((t) => {
        if (!t) return;
        const now = Date.now();
        if (t.stage === 'sending') e.siteMeter.add(now, t.sent);
        set(e, {
          transfer: t,
          transferRate: e.siteMeter.rate(now),
          transferEta: e.siteMeter.etaSeconds(t.size, now),
        });
        if (t.stage === 'succeeded' || t.stage === 'failed') {
          clearInterval(e.poll);
          e.poll = undefined;
        }
      })
      .catch((err: unknown) => set(e, { error: err instanceof Error ? err.message : String(err) }));
  }, 1000);
}

async function finish(e: Entry, hashing: Promise<string>): Promise<void> {
  const sha = await hashing;
  e.sha256 = sha;
  set(e, { stage: 'done', sent: e.view.size });
  remember();
  const done: UploadCompleteRequest = { sha256: sha };
  const t = await transferCall(e.id ?? '', 'POST', done);
  if (t) set(e, { transfer: t });
  watchTransfer(e);
}

/** Starts (or resumes, for a file uploaded before) the upload of `file` into DataVolume `name`. */
export function startUpload(site: string, namespace: string, name: string, file: File): string {
  const key = `${site}/${namespace}/${name}`;
  const e: Entry = {
    view: {
      key,
      site,
      namespace,
      name,
      filename: file.name,
      size: file.size,
      stage: 'hashing',
      sent: 0,
      hashed: 0,
    },
    meter: new RateMeter(),
    siteMeter: new RateMeter(),
  };
  entries.set(key, e);
  emit();
  const hashing = hashFile(e, file);
  hashing.catch(
    (err: unknown) => e.view.stage !== 'cancelled' && set(e, { stage: 'failed', error: String(err) }),
  );
  const tus = new Upload(file, {
    endpoint: UPLOADS_TUS_PATH,
    chunkSize: CHUNK,
    retryDelays: RETRIES,
    metadata: { site, namespace, name, filename: file.name },
    // One fingerprint per target and file, so the same file to two DataVolumes is two uploads.
    fingerprint: async (f) =>
      `edgevirt-${key}-${(f as File).name}-${(f as File).size}-${(f as File).lastModified}`,
    removeFingerprintOnSuccess: true,
    onBeforeRequest: async (req) => {
      if (req.getMethod() !== 'HEAD') req.setHeader('x-csrf-token', await csrfToken());
    },
    onProgress: (sent) => {
      const now = Date.now();
      e.meter.add(now, sent);
      set(e, {
        sent,
        stage: e.view.stage === 'paused' ? 'paused' : 'uploading',
        rate: e.meter.rate(now),
        eta: e.meter.etaSeconds(file.size, now),
        error: undefined,
      });
    },
    onShouldRetry: (err) => {
      // A dropped link has no response: the stage ("Connection lost, retrying") says it all; tus's
      // own text ("[object ProgressEvent]") would only confuse. A server's answer is shown as is.
      set(e, { stage: 'offline', error: err.originalResponse ? err.message : undefined });
      return true;
    },
    onUploadUrlAvailable: () => {
      e.id = tus.url?.split('/').pop();
      remember();
    },
    onSuccess: () =>
      void finish(e, hashing).catch((err: unknown) => set(e, { stage: 'failed', error: String(err) })),
    onError: (err) => set(e, { stage: 'failed', error: err.message }),
  });
  e.tus = tus;
  void tus.findPreviousUploads().then((prev) => {
    if (prev[0]) tus.resumeFromPreviousUpload(prev[0]);
    set(e, { stage: 'uploading' });
    tus.start();
  });
  return key;
}

export function pauseUpload(key: string): void {
  const e = entries.get(key);
  if (!e?.tus || e.view.stage === 'done') return;
  void e.tus.abort(false);
  set(e, { stage: 'paused' });
}

export function resumeUpload(key: string): void {
  const e = entries.get(key);
  if (!e?.tus || e.view.stage !== 'paused') return;
  set(e, { stage: 'uploading' });
  e.tus.start();
}

/** Stops both stages and removes the staged file on the console. */
export async function cancelUpload(key: string): Promise<void> {
  const e = entries.get(key);
  if (!e) return;
  set(e, { stage: 'cancelled' });
  clearInterval(e.poll);
  if (e.tus && !e.id) await e.tus.abort(false);
  else if (e.tus && e.view.sent < e.view.size) await e.tus.abort(true).catch(() => undefined);
  if (e.id) await transferCall(e.id, 'DELETE').catch(() => undefined);
  entries.delete(e.view.key);
  remember();
  emit();
}

/** After a refresh: shows the second stage of uploads whose bytes already reached the console. */
export function restoreUploads(): void {
  if (typeof localStorage === 'undefined') return;
  let saved: Array<{ id: string; view: UploadView }> = [];
  try {
    saved = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '[]') as typeof saved;
  } catch {
    return;
  }
  for (const s of saved) {
    if (entries.has(s.view.key)) continue;
    const e: Entry = { view: s.view, id: s.id, meter: new RateMeter(), siteMeter: new RateMeter() };
    // A browser stage that was cut by the refresh needs the file again: pick it to resume.
    if (e.view.stage !== 'done') e.view = { ...e.view, stage: 'paused' };
    entries.set(s.view.key, e);
    watchTransfer(e);
  }
  emit();
}
