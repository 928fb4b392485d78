import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { sendJson } from './status';
import { acceptsGzip, compressible, negotiateCoding } from './compression';

describe('response compression choice', () => {
  it('prefers br, then gzip, and honours q=0', () => {
    expect(negotiateCoding({ 'accept-encoding': 'gzip, deflate, br, zstd' })).toBe('br');
    expect(negotiateCoding({ 'accept-encoding': 'gzip' })).toBe('gzip');
    expect(negotiateCoding({ 'accept-encoding': 'br;q=0, gzip;q=0.5' })).toBe('gzip');
    expect(negotiateCoding({ 'accept-encoding': 'identity' })).toBe('identity');
    expect(negotiateCoding({})).toBe('identity');
    expect(acceptsGzip({ 'accept-encoding': 'gzip;q=0' })).toBe(false);
    expect(acceptsGzip({ 'accept-encoding': '*' })).toBe(true);
  });

  it('compresses text bodies only', () => {
    expect(compressible('application/json')).toBe(true);
    expect(compressible('application/json;stream=watch')).toBe(true);
    expect(compressible('application/yaml')).toBe(true);
    expect(compressible('text/plain; version=0.0.4')).toBe(true);
    expect(compressible('image/png')).toBe(false);
    expect(compressible(undefined)).toBe(false);
  });
});

describe("the backend's own JSON", () => {
  it('is compressed over 1 KiB for a browser that accepts it, and sent as it is otherwise', async () => {
    const big = { sites: Array.from({ length: 200 }, (_, i) => ({ name: `site-${i}`, status: 'ok' })) };
    const server = createServer((req, res) => sendJson(res, 200, req.url === '/big' ? big : { ok: true }));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    const get = (path: string, enc?: string) =>
      new Promise<{ encoding?: string; body: Buffer }>((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port, path, headers: enc ? { 'accept-encoding': enc } : {} }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ encoding: res.headers['content-encoding'], body: Buffer.concat(chunks) }));
        });
        req.on('error', reject);
        req.end();
      });
    try {
      const gz = await get('/big', 'gzip');
      expect(gz.encoding).toBe('gzip');
      expect(JSON.parse(gunzipSync(gz.body).toString('utf8'))).toEqual(big);
      const plain = await get('/big');
      expect(plain.encoding).toBeUndefined();
      expect(JSON.parse(plain.body.toString('utf8'))).toEqual(big);
      expect((await get('/small', 'gzip, br')).encoding).toBeUndefined();
    } finally {
      server.close();
    }
  });
});
