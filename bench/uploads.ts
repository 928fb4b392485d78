/**
 * Upload benchmark, one run: throughput of browser → console → site (one tus PATCH streamed by `curl -T`
 * to the console, which streams the staged file to the site's upload proxy) against a direct `curl` to
 * the same upload proxy (the ratio); the backend's RSS while a 1 GiB upload passes (it must
 * stream, not buffer); and the time from the last byte to the DataVolume's Succeeded. Prints
 * JSON when run directly (`npx tsx --expose-gc bench/uploads.ts`). UPLOAD_BENCH_MIB sets the size.
 */
import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, createReadStream, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startLabProcess } from '../e2e/fixtures/lab-process';
import { uploadTransferPath, UPLOADS_TUS_PATH, type UploadTransfer } from '../lib/api/uploads';
import { CDI_CONFIG_NAME } from '../lib/k8s/resources/cdi-config';
import { UPLOAD_ASYNC_PATH, uploadTokenRequest } from '../lib/k8s/resources/upload-token-request';
import { startServer } from '../server/start-server';
import { eventually } from '../tests/support/bff-env';
import { Browser } from '../tests/support/http-client';

const run = promisify(execFile);
const MIB = 2 ** 20;
const SIZE = Number(process.env.UPLOAD_BENCH_MIB ?? 1024) * MIB;
const SITE = 'central';
const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;
const b64 = (s: string) => Buffer.from(s).toString('base64');

const dir = mkdtempSync(join(tmpdir(), 'bench-uploads-'));
const lab = await startLabProcess({ sites: [SITE], env: { EDGEVIRT_QEMU_CAP: '0' } });
const kubectl = async (args: string[], input?: string): Promise<string> => {
  const p = run('kubectl', ['--kubeconfig', lab.kubeconfigPath, ...args], { maxBuffer: 16 * MIB });
  if (input !== undefined) p.child.stdin?.end(input);
  return (await p).stdout;
};

function makeImage(): { file: string; sha256: string } {
  const file = join(dir, 'disk.raw');
  const block = randomBytes(MIB);
  const hash = createHash('sha256');
  const fd = openSync(file, 'w');
  for (let i = 0; i < SIZE / MIB; i++) {
    writeSync(fd, block);
    hash.update(block);
  }
  closeSync(fd);
  return { file, sha256: hash.digest('hex') };
}

async function createDv(name: string): Promise<void> {
  const dv = {
    apiVersion: 'cdi.kubevirt.io/v1beta1',
    kind: 'DataVolume',
    metadata: { name, namespace: 'default' },
    spec: {
      source: { upload: {} },
      storage: {
        storageClassName: 'shared-nfs',
        resources: { requests: { storage: `${Math.ceil((SIZE * 1.1) / MIB)}Mi` } },
      },
    },
  };
  await kubectl(['create', '-f', '-'], JSON.stringify(dv));
}

const phaseOf = async (name: string) =>
  (await kubectl(['get', 'dv', '-n', 'default', name, '-o', 'jsonpath={.status.phase}'])).trim();

async function waitPhase(name: string, phase: string): Promise<number> {
  await eventually(async () => (await phaseOf(name)) === phase, 600_000, 50);
  return performance.now();
}

/** Direct: a token minted with kubectl and the whole file POSTed with curl to upload-async. */
async function direct(file: string) {
  await createDv('bench-direct');
  await waitPhase('bench-direct', 'UploadReady');
  const cfg = JSON.parse(await kubectl(['get', 'cdiconfig', CDI_CONFIG_NAME, '-o', 'json'])) as {
    status?: { uploadProxyURL?: string };
  };
  const host = (cfg.status?.uploadProxyURL ?? '').replace(/^https?:\/\//, '');
  const tokenJson = await kubectl(
    ['create', '-f', '-', '-o', 'json'],
    JSON.stringify(uploadTokenRequest('default', 'bench-direct')),
  );
  const token = (JSON.parse(tokenJson) as { status: { token: string } }).status.token;
  const t0 = performance.now();
  await run(
    'curl',
    [
      '-sSfk',
      '-X',
      'POST',
      '-o',
      '/dev/null',
      '-H',
      `Authorization: Bearer ${token}`,
      '-H',
      'Content-Type: application/octet-stream',
      '-T',
      file,
      `https://${host}${UPLOAD_ASYNC_PATH}`,
    ],
    { maxBuffer: MIB },
  );
  const lastByte = performance.now();
  const succeeded = await waitPhase('bench-direct', 'Succeeded');
  return { seconds: (lastByte - t0) / 1000, lastByteToSucceededMs: round(succeeded - lastByte, 0) };
}

async function viaConsole(file: string, sha256: string) {
  const stage = join(dir, 'stage');
  const server = await startServer({
    port: 0,
    next: false,
    lab: false,
    kubeconfigYaml: lab.kubeconfig,
    auth: 'local',
    uploads: { dir: stage },
  });
  try {
    const browser = new Browser(server.url);
    const link = new URL(server.signInUrl ?? '');
    await browser.call('GET', link.pathname + link.search);
    const csrf = (await browser.call('GET', '/api/session')).json<{ csrfToken: string }>().csrfToken;
    await createDv('bench-console');
    await waitPhase('bench-console', 'UploadReady');
    const rss: number[] = [];
    const sampler = setInterval(() => rss.push(process.memoryUsage().rss), 100);
    const base = process.memoryUsage().rss;
    const head = { origin: browser.origin, 'x-csrf-token': csrf, 'tus-resumable': '1.0.0' };
    const meta = `site ${b64(SITE)},namespace ${b64('default')},name ${b64('bench-console')},filename ${b64('disk.raw')}`;
    const made = await browser.call('POST', UPLOADS_TUS_PATH, {
      headers: { ...head, 'upload-length': String(SIZE), 'upload-metadata': meta },
    });
    if (made.status !== 201) throw new Error(`tus create: ${made.status} ${made.text}`);
    const location = new URL(String(made.headers.location), browser.base).toString();
    const t0 = performance.now();
    // The browser's part, as one tus PATCH streamed by curl (the file never sits in this process).
    await run(
      'curl',
      [
        '-sSf',
        '-o',
        '/dev/null',
        '-X',
        'PATCH',
        '-H',
        `Cookie: ${browser.cookieHeader()}`,
        '-H',
        `Origin: ${browser.origin}`,
        '-H',
        `X-CSRF-Token: ${csrf}`,
        '-H',
        'Tus-Resumable: 1.0.0',
        '-H',
        'Upload-Offset: 0',
        '-H',
        'Content-Type: application/offset+octet-stream',
        '-T',
        file,
        location,
      ],
      { maxBuffer: MIB },
    );
    const staged = performance.now();
    const id = location.slice(location.lastIndexOf('/') + 1);
    const started = await browser.write('POST', uploadTransferPath(id), { sha256 }, csrf);
    if (started.status !== 202) throw new Error(`transfer: ${started.status} ${started.text}`);
    let lastByte = 0;
    let sendStart = 0;
    await eventually(
      async () => {
        const t = (await browser.call('GET', uploadTransferPath(id))).json<UploadTransfer>();
        if (t.stage === 'failed') throw new Error(`transfer failed: ${t.error}`);
        if (!sendStart && t.stage === 'sending') sendStart = performance.now();
        if (!lastByte && (t.stage === 'processing' || t.stage === 'succeeded')) lastByte = performance.now();
        return t.stage === 'succeeded';
      },
      900_000,
      50,
    );
    const done = performance.now();
    clearInterval(sampler);
    return {
      browserToConsoleSeconds: round((staged - t0) / 1000),
      consoleToSiteSeconds: round((lastByte - (sendStart || staged)) / 1000),
      endToEndSeconds: (lastByte - t0) / 1000,
      lastByteToSucceededMs: round(done - lastByte, 0),
      rssBaseMiB: round(base / MIB, 1),
      rssPeakMiB: round(Math.max(...rss) / MIB, 1),
    };
  } finally {
    await server.close();
  }
}

try {
  const { file, sha256 } = makeImage();
  // Warm the page cache so both paths read the file alike.
  await new Promise<void>((r) => createReadStream(file).on('end', r).resume());
  const d = await direct(file);
  const c = await viaConsole(file, sha256);
  const mbps = (s: number) => round(SIZE / 1e6 / s);
  console.log(
    JSON.stringify({
      sizeMiB: SIZE / MIB,
      directCurlMBps: mbps(d.seconds),
      viaConsoleMBps: mbps(c.endToEndSeconds),
      browserToConsoleMBps: mbps(c.browserToConsoleSeconds),
      consoleToSiteMBps: mbps(c.consoleToSiteSeconds),
      ratioConsoleToDirect: round(d.seconds / c.endToEndSeconds, 3),
      backendRssBaseMiB: c.rssBaseMiB,
      backendRssPeakMiB: c.rssPeakMiB,
      lastByteToSucceededMs: { direct: d.lastByteToSucceededMs, viaConsole: c.lastByteToSucceededMs },
    }),
  );
} finally {
  await lab.stop();
  rmSync(dir, { recursive: true, force: true });
}
