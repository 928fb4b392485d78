import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local HTTP server of synthetic disk images, so imports really download bytes without any
 * internet: `GET /images/<name>.img?size=<bytes>&rate=<bytes per second>` streams `size`
 * deterministic bytes with a Content-Length, throttled to `rate`; `failAfter=<bytes>` cuts the
 * connection after that many bytes (an import that fails midway). Any other path is a 404.
 */
export interface ImageServer {
  url(path: string): string;
  close(): Promise<void>;
}

function chunkFor(offset: number, len: number): Buffer {
  const b = Buffer.allocUnsafe(len);
  for (let i = 0; i < len; i++) b[i] = (offset + i) % 251;
  return b;
}

/** Deterministic image bytes, so a test can compute the expected checksum. */
export function imageBytes(size: number): Buffer {
  return chunkFor(0, size);
}

function serve(server: Server): void {
  server.on('request', (req, res) => {
    const u = new URL(req.url ?? '/', 'http://x');
    if (!/^\/images\/[\w.-]+\.(img|qcow2|iso|raw)$/.test(u.pathname)) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('404 page not found\n');
      return;
    }
    const size = Number(u.searchParams.get('size') ?? 1 << 20);
    const rate = Number(u.searchParams.get('rate') ?? 0);
    const failAfter = u.searchParams.has('failAfter') ? Number(u.searchParams.get('failAfter')) : Infinity;
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(size) });
    if (req.method === 'HEAD') return void res.end();
    let sent = 0;
    const tickMs = 100;
    const perTick = rate > 0 ? Math.max(1, Math.floor((rate * tickMs) / 1000)) : 1 << 20;
    const step = (): void => {
      if (res.destroyed) return;
      while (sent < size) {
        if (sent >= failAfter) return void res.destroy();
        const len = Math.min(perTick, size - sent, Math.max(1, failAfter - sent));
        const ok = res.write(chunkFor(sent, len));
        sent += len;
        if (rate > 0) return void setTimeout(step, tickMs);
        if (!ok) return void res.once('drain', step);
      }
      res.end();
    };
    step();
  });
}

/** Starts the image server on `host`, port 0. */
export async function startImageServer(host = '127.0.0.1'): Promise<ImageServer> {
  const server = createServer();
  serve(server);
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  server.unref();
  const { port } = server.address() as AddressInfo;
  return {
    url: (path) => `http://${host}:${port}${path}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
