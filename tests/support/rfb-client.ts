import type { Duplex } from 'node:stream';
import { ByteReader } from './byte-reader';

export interface ClientPixelFormat {
  bitsPerPixel: 8 | 16 | 32;
  depth: number;
  bigEndian: boolean;
  trueColour: boolean;
  redMax: number;
  greenMax: number;
  blueMax: number;
  redShift: number;
  greenShift: number;
  blueShift: number;
}

/** Formats real viewers ask for: noVNC's 32 bpp, TigerVNC's 16 bpp and 8 bpp low-colour modes. */
export const FORMATS = {
  rgb888: { bitsPerPixel: 32, depth: 24, bigEndian: false, trueColour: true, redMax: 255, greenMax: 255, blueMax: 255, redShift: 0, greenShift: 8, blueShift: 16 },
  rgb565: { bitsPerPixel: 16, depth: 16, bigEndian: false, trueColour: true, redMax: 31, greenMax: 63, blueMax: 31, redShift: 11, greenShift: 5, blueShift: 0 },
  bgr233: { bitsPerPixel: 8, depth: 8, bigEndian: false, trueColour: true, redMax: 7, greenMax: 7, blueMax: 3, redShift: 0, greenShift: 3, blueShift: 6 },
  colourMap8: { bitsPerPixel: 8, depth: 8, bigEndian: false, trueColour: false, redMax: 0, greenMax: 0, blueMax: 0, redShift: 0, greenShift: 0, blueShift: 0 },
} satisfies Record<string, ClientPixelFormat>;

export interface ServerInit {
  version: string;
  securityTypes: number[];
  width: number;
  height: number;
  format: ClientPixelFormat;
  name: string;
}

const SHIFTED = new Set('~!@#$%^&*()_+{}|:"<>?'.split(''));

/**
 * A test-side RFB 3.8 client: handshake with security None, SetPixelFormat, SetEncodings,
 * update requests, and decoding of Raw updates into an RGB framebuffer (0xRRGGBB per pixel).
 */
export class RfbClient {
  readonly reader: ByteReader;
  init!: ServerInit;
  format!: ClientPixelFormat;
  pixels = new Uint32Array(0);
  colourMap = new Map<number, number>();
  bells = 0;
  /** Apply Raw rectangles to `pixels`; off for throughput runs that only count bytes. */
  decode = true;
  /** Pixel bytes of every rectangle read so far. */
  pixelBytes = 0;

  constructor(private readonly stream: Duplex) {
    this.reader = new ByteReader(stream);
  }

  async handshake(): Promise<ServerInit> {
    const version = (await this.reader.read(12)).toString('latin1');
    this.stream.write('RFB 003.008\n');
    const n = (await this.reader.read(1))[0] ?? 0;
    const securityTypes = [...(await this.reader.read(n))];
    this.stream.write(Buffer.from([1]));
    const result = (await this.reader.read(4)).readUInt32BE(0);
    if (result !== 0) throw new Error(`security result ${result}`);
    this.stream.write(Buffer.from([1]));
    const head = await this.reader.read(24);
    const nameLen = head.readUInt32BE(20);
    const name = (await this.reader.read(nameLen)).toString('utf8');
    this.format = parseFormat(head.subarray(4, 20));
    this.init = { version, securityTypes, width: head.readUInt16BE(0), height: head.readUInt16BE(2), format: this.format, name };
    this.pixels = new Uint32Array(this.init.width * this.init.height);
    return this.init;
  }

  setPixelFormat(f: ClientPixelFormat): void {
    const b = Buffer.alloc(20);
    b.writeUInt8(0, 0);
    b.writeUInt8(f.bitsPerPixel, 4);
    b.writeUInt8(f.depth, 5);
    b.writeUInt8(f.bigEndian ? 1 : 0, 6);
    b.writeUInt8(f.trueColour ? 1 : 0, 7);
    b.writeUInt16BE(f.redMax, 8);
    b.writeUInt16BE(f.greenMax, 10);
    b.writeUInt16BE(f.blueMax, 12);
    b.writeUInt8(f.redShift, 14);
    b.writeUInt8(f.greenShift, 15);
    b.writeUInt8(f.blueShift, 16);
    this.stream.write(b);
    this.format = f;
  }

  setEncodings(encodings: number[]): void {
    const b = Buffer.alloc(4 + encodings.length * 4);
    b.writeUInt8(2, 0);
    b.writeUInt16BE(encodings.length, 2);
    encodings.forEach((e, i) => b.writeInt32BE(e, 4 + i * 4));
    this.stream.write(b);
  }

  requestUpdate(incremental: boolean, x = 0, y = 0, w = this.init.width, h = this.init.height): void {
    const b = Buffer.alloc(10);
    b.writeUInt8(3, 0);
    b.writeUInt8(incremental ? 1 : 0, 1);
    b.writeUInt16BE(x, 2);
    b.writeUInt16BE(y, 4);
    b.writeUInt16BE(w, 6);
    b.writeUInt16BE(h, 8);
    this.stream.write(b);
  }

  key(keysym: number, down: boolean): void {
    const b = Buffer.alloc(8);
    b.writeUInt8(4, 0);
    b.writeUInt8(down ? 1 : 0, 1);
    b.writeUInt32BE(keysym, 4);
    this.stream.write(b);
  }

  tap(keysym: number): void {
    this.key(keysym, true);
    this.key(keysym, false);
  }

  /** Types text as a keyboard would: Shift held around shifted characters, Return for `\n`. */
  type(text: string): void {
    for (const ch of text) this.typeChar(ch);
  }

  /**
   * Types at a human pace: QEMU's emulated PS/2 keyboard has a short queue and drops keys
   * sent in one burst, as a real keyboard never would.
   */
  async typePaced(text: string, msPerKey = 20): Promise<void> {
    for (const ch of text) {
      this.typeChar(ch);
      await new Promise((r) => setTimeout(r, msPerKey));
    }
  }

  private typeChar(ch: string): void {
    if (ch === '\n') {
      this.tap(0xff0d);
      return;
    }
    const shift = SHIFTED.has(ch) || (ch >= 'A' && ch <= 'Z');
    if (shift) this.key(0xffe1, true);
    this.tap(ch.codePointAt(0) ?? 0x3f);
    if (shift) this.key(0xffe1, false);
  }

  pointer(mask: number, x: number, y: number): void {
    const b = Buffer.alloc(6);
    b.writeUInt8(5, 0);
    b.writeUInt8(mask, 1);
    b.writeUInt16BE(x, 2);
    b.writeUInt16BE(y, 4);
    this.stream.write(b);
  }

  cutText(text: string): void {
    const t = Buffer.from(text, 'latin1');
    const b = Buffer.alloc(8);
    b.writeUInt8(6, 0);
    b.writeUInt32BE(t.length, 4);
    this.stream.write(Buffer.concat([b, t]));
  }

  /**
   * Reads server messages until one FramebufferUpdate was applied; returns its rectangles.
   * Colour-map entries, bells and cut text on the way are handled.
   */
  async readUpdate(timeoutMs = 20_000): Promise<{ x: number; y: number; w: number; h: number; encoding: number }[]> {
    for (;;) {
      const type = (await this.reader.read(1, timeoutMs))[0];
      if (type === 0) return this.readRects(timeoutMs);
      if (type === 1) await this.readColourMap(timeoutMs);
      else if (type === 2) this.bells++;
      else if (type === 3) {
        const h = await this.reader.read(7, timeoutMs);
        await this.reader.read(h.readUInt32BE(3), timeoutMs);
      } else throw new Error(`unexpected server message ${type}`);
    }
  }

  /** Pixels that are not black. */
  litPixels(): number {
    let n = 0;
    for (const p of this.pixels) if (p !== 0) n++;
    return n;
  }

  private async readColourMap(timeoutMs: number): Promise<void> {
    const h = await this.reader.read(5, timeoutMs);
    const first = h.readUInt16BE(1);
    const count = h.readUInt16BE(3);
    const data = await this.reader.read(count * 6, timeoutMs);
    for (let i = 0; i < count; i++) {
      const rgb = ((data.readUInt16BE(i * 6) >> 8) << 16) | ((data.readUInt16BE(i * 6 + 2) >> 8) << 8) | (data.readUInt16BE(i * 6 + 4) >> 8);
      this.colourMap.set(first + i, rgb);
    }
  }

  private async readRects(timeoutMs: number): Promise<{ x: number; y: number; w: number; h: number; encoding: number }[]> {
    const count = (await this.reader.read(3, timeoutMs)).readUInt16BE(1);
    const rects = [];
    for (let i = 0; i < count; i++) {
      const r = await this.reader.read(12, timeoutMs);
      const rect = { x: r.readUInt16BE(0), y: r.readUInt16BE(2), w: r.readUInt16BE(4), h: r.readUInt16BE(6), encoding: r.readInt32BE(8) };
      if (rect.encoding === -223) {
        this.init.width = rect.w;
        this.init.height = rect.h;
        this.pixels = new Uint32Array(rect.w * rect.h);
      } else if (rect.encoding === 0) {
        const bpp = this.format.bitsPerPixel / 8;
        const data = await this.reader.read(rect.w * rect.h * bpp, timeoutMs);
        this.pixelBytes += data.length;
        if (this.decode) this.applyRaw(rect, data, bpp);
      } else throw new Error(`unexpected encoding ${rect.encoding}`);
      rects.push(rect);
    }
    return rects;
  }

  private applyRaw(r: { x: number; y: number; w: number; h: number }, data: Buffer, bpp: number): void {
    const f = this.format;
    let o = 0;
    for (let y = r.y; y < r.y + r.h; y++) {
      for (let x = r.x; x < r.x + r.w; x++) {
        const v = bpp === 1 ? data.readUInt8(o) : bpp === 2 ? (f.bigEndian ? data.readUInt16BE(o) : data.readUInt16LE(o)) : f.bigEndian ? data.readUInt32BE(o) : data.readUInt32LE(o);
        o += bpp;
        this.pixels[y * this.init.width + x] = f.trueColour ? toRgb(v, f) : (this.colourMap.get(v) ?? 0);
      }
    }
  }
}

function parseFormat(b: Buffer): ClientPixelFormat {
  return {
    bitsPerPixel: b.readUInt8(0) as 8 | 16 | 32,
    depth: b.readUInt8(1),
    bigEndian: b.readUInt8(2) !== 0,
    trueColour: b.readUInt8(3) !== 0,
    redMax: b.readUInt16BE(4),
    greenMax: b.readUInt16BE(6),
    blueMax: b.readUInt16BE(8),
    redShift: b.readUInt8(10),
    greenShift: b.readUInt8(11),
    blueShift: b.readUInt8(12),
  };
}

/** A pixel value in format f as 0xRRGGBB, each channel scaled to 8 bits. */
export function toRgb(v: number, f: ClientPixelFormat): number {
  const ch = (shift: number, max: number): number => (max ? Math.round((((v >>> shift) & max) * 255) / max) : 0);
  return (ch(f.redShift, f.redMax) << 16) | (ch(f.greenShift, f.greenMax) << 8) | ch(f.blueShift, f.blueMax);
}
