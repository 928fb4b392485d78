import WebSocket from 'ws';

export interface OpenResult {
  ws?: WebSocket;
  /** Everything the socket received, from the first byte (a browser queues early messages too). */
  stream?: ByteStream;
  /** HTTP status when the upgrade was refused before the handshake. */
  status?: number;
  body?: string;
  protocol?: string;
}

/** Opens a websocket like a browser would (Origin, cookie), reporting an HTTP refusal as data. */
export function openSocket(
  url: string,
  opts: { origin?: string; cookie?: string; protocols?: string[]; headers?: Record<string, string>; ca?: string },
): Promise<OpenResult> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.cookie) headers.cookie = opts.cookie;
    const ws = new WebSocket(url, opts.protocols ?? [], { headers, origin: opts.origin, perMessageDeflate: false, ca: opts.ca });
    // Data that arrives with the 101 response is emitted before a caller could attach a listener.
    const stream = new ByteStream(ws);
    ws.once('open', () => resolve({ ws, stream, protocol: ws.protocol }));
    ws.once('unexpected-response', (_req, res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString('utf8') }));
    });
    ws.once('error', reject);
  });
}

/** Reads a websocket's binary messages as one byte stream (RFB and serial are streams). */
export class ByteStream {
  private buf = Buffer.alloc(0);
  private waiters: (() => void)[] = [];
  total = 0;

  constructor(ws: WebSocket) {
    ws.on('message', (data: Buffer) => {
      this.buf = Buffer.concat([this.buf, data]);
      this.total += data.length;
      for (const w of this.waiters.splice(0)) w();
    });
  }

  /** Waits for exactly `n` bytes and consumes them. */
  async read(n: number, timeoutMs = 15_000): Promise<Buffer> {
    const deadline = Date.now() + timeoutMs;
    while (this.buf.length < n) await this.wait(deadline);
    const out = this.buf.subarray(0, n);
    this.buf = this.buf.subarray(n);
    return out;
  }

  /** Waits until the text seen so far contains `needle`; returns it all. */
  async until(needle: string, timeoutMs = 15_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    while (!this.buf.toString('latin1').includes(needle)) await this.wait(deadline);
    return this.buf.toString('latin1');
  }

  private wait(deadline: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`stream wait timed out; have ${JSON.stringify(this.buf.toString('latin1').slice(-200))}`)), Math.max(1, deadline - Date.now()));
      this.waiters.push(() => {
        clearTimeout(t);
        resolve();
      });
    });
  }
}

/** RFB 3.8 client handshake with security type None; returns the framebuffer size. */
export async function rfbHandshake(ws: WebSocket, s: ByteStream): Promise<{ width: number; height: number; bitsPerPixel: number; version: string }> {
  const version = (await s.read(12)).toString('latin1');
  ws.send(Buffer.from('RFB 003.008\n'));
  const count = (await s.read(1))[0] ?? 0;
  const types = [...(await s.read(count))];
  if (!types.includes(1)) throw new Error(`server offers no None security: ${types.join(',')}`);
  ws.send(Buffer.from([1]));
  const result = (await s.read(4)).readUInt32BE(0);
  if (result !== 0) throw new Error(`security result ${result}`);
  ws.send(Buffer.from([1])); // ClientInit, shared
  const init = await s.read(24);
  const nameLen = init.readUInt32BE(20);
  await s.read(nameLen);
  return { width: init.readUInt16BE(0), height: init.readUInt16BE(2), bitsPerPixel: init[4] ?? 32, version };
}

/** A non-incremental FramebufferUpdateRequest for the whole screen. */
export function fullUpdateRequest(width: number, height: number): Buffer {
  const b = Buffer.alloc(10);
  b[0] = 3;
  b[1] = 0;
  b.writeUInt16BE(0, 2);
  b.writeUInt16BE(0, 4);
  b.writeUInt16BE(width, 6);
  b.writeUInt16BE(height, 8);
  return b;
}

/** Reads one FramebufferUpdate (Raw encoding only) and returns its size in bytes. */
export async function readRawUpdate(s: ByteStream, bytesPerPixel: number): Promise<number> {
  const head = await s.read(4);
  if (head[0] !== 0) throw new Error(`expected FramebufferUpdate, got message type ${head[0]}`);
  const rects = head.readUInt16BE(2);
  let total = 4;
  for (let i = 0; i < rects; i++) {
    const r = await s.read(12);
    const encoding = r.readInt32BE(8);
    if (encoding !== 0) throw new Error(`unexpected encoding ${encoding}`);
    const n = r.readUInt16BE(4) * r.readUInt16BE(6) * bytesPerPixel;
    await s.read(n, 60_000);
    total += 12 + n;
  }
  return total;
}
