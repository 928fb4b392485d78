import { decodePixelFormat, encodePixelFormat, palettePixels, SERVER_FORMAT, type PixelFormat } from './pixel-format';
import { CELL_H, VGA_PALETTE, type TextScreen } from './text-screen';

/** What an RFB session reports to its guest. */
export interface RfbInput {
  key(down: boolean, keysym: number): void;
  pointer(buttonMask: number, x: number, y: number): void;
  cutText(text: string): void;
}

const ENCODING_RAW = 0;
const ENCODING_DESKTOP_SIZE = -223;
const SECURITY_NONE = 1;

type Phase = 'version' | 'security' | 'clientInit' | 'normal' | 'closed';

interface Request {
  incremental: boolean;
  x: number;
  y: number;
  w: number;
  h: number;
}

/**
 * The server side of one RFB 3.3/3.7/3.8 connection (RFC 6143): security type None, ServerInit
 * with a 32 bpp true-colour format, SetPixelFormat (true-colour 8/16/32 bpp, or colour-map mode
 * answered with SetColourMapEntries), SetEncodings, FramebufferUpdateRequest (full or incremental,
 * deferred until something changes), KeyEvent, PointerEvent and ClientCutText. Updates use Raw.
 */
export class RfbSession {
  private phase: Phase = 'version';
  private minor = 8;
  private buf: Buffer = Buffer.alloc(0);
  private format: PixelFormat = SERVER_FORMAT;
  private pixelBytes: Buffer[] = palettePixels(VGA_PALETTE, SERVER_FORMAT);
  private encodings = new Set<number>([ENCODING_RAW]);
  private pending: Request | undefined;
  private damagedRows = new Set<number>();
  private readonly unsubscribe: () => void;

  constructor(
    private readonly screen: TextScreen,
    private readonly name: string,
    private readonly send: (data: Buffer) => void,
    private readonly close: (reason: string) => void,
    private readonly input: RfbInput,
  ) {
    this.unsubscribe = screen.onDamage((rows) => this.onDamage(rows));
    this.send(Buffer.from('RFB 003.008\n', 'latin1'));
  }

  /** Feeds bytes received from the client. */
  receive(data: Buffer): void {
    if (this.phase === 'closed') return;
    this.buf = this.buf.length ? Buffer.concat([this.buf, data]) : data;
    // Each step consumes one complete message; it returns false when more bytes are needed.
    while (this.step()) this.compact();
  }

  end(): void {
    this.phase = 'closed';
    this.unsubscribe();
  }

  private compact(): void {
    if (this.buf.length === 0) this.buf = Buffer.alloc(0);
  }

  /** Handles one complete message at the head of the buffer; false when more bytes are needed. */
  private step(): boolean {
    switch (this.phase) {
      case 'version':
        return this.onVersion();
      case 'security':
        return this.onSecurity();
      case 'clientInit':
        return this.onClientInit();
      case 'normal':
        return this.onMessage();
      default:
        return false;
    }
  }

  private take(n: number): Buffer | undefined {
    if (this.buf.length < n) return undefined;
    const head = this.buf.subarray(0, n);
    this.buf = this.buf.subarray(n);
    return head;
  }

  private fail(reason: string): false {
    this.end();
    this.close(reason);
    return false;
  }

  private onVersion(): boolean {
    const v = this.take(12);
    if (!v) return false;
    const m = /^RFB (\d{3})\.(\d{3})\n$/.exec(v.toString('latin1'));
    if (!m || Number(m[1]) !== 3) return this.fail('unsupported RFB version');
    this.minor = Math.min(8, Number(m[2]));
    if (this.minor < 7) {
      // RFB 3.3: the server decides the security type.
      this.send(u32(SECURITY_NONE));
      this.phase = 'clientInit';
    } else {
      this.send(Buffer.from([1, SECURITY_NONE]));
      this.phase = 'security';
    }
    return true;
  }

  private onSecurity(): boolean {
    const t = this.take(1);
    if (!t) return false;
    if (t[0] !== SECURITY_NONE) {
      if (this.minor >= 8) this.send(Buffer.concat([u32(1), withLength('security type not offered')]));
      return this.fail('client chose an unoffered security type');
    }
    if (this.minor >= 8) this.send(u32(0));
    this.phase = 'clientInit';
    return true;
  }

  private onClientInit(): boolean {
    if (!this.take(1)) return false;
    const head = Buffer.alloc(4);
    head.writeUInt16BE(this.screen.width, 0);
    head.writeUInt16BE(this.screen.height, 2);
    this.send(Buffer.concat([head, encodePixelFormat(SERVER_FORMAT), withLength(this.name)]));
    this.phase = 'normal';
    return true;
  }

  private onMessage(): boolean {
    const type = this.buf[0];
    switch (type) {
      case undefined:
        return false;
      case 0:
        return this.onSetPixelFormat();
      case 2:
        return this.onSetEncodings();
      case 3:
        return this.onUpdateRequest();
      case 4: {
        const m = this.take(8);
        if (m) this.input.key(m[1] !== 0, m.readUInt32BE(4));
        return m !== undefined;
      }
      case 5: {
        const m = this.take(6);
        if (m) this.input.pointer(m.readUInt8(1), m.readUInt16BE(2), m.readUInt16BE(4));
        return m !== undefined;
      }
      case 6:
        return this.onCutText();
      default:
        return this.fail(`unknown RFB client message type ${type}`);
    }
  }

  private onSetPixelFormat(): boolean {
    const m = this.take(20);
    if (!m) return false;
    const f = decodePixelFormat(m.subarray(4));
    if (!f) return this.fail('invalid bits-per-pixel in SetPixelFormat');
    this.format = f;
    this.pixelBytes = palettePixels(VGA_PALETTE, f);
    if (!f.trueColour) this.sendColourMap();
    return true;
  }

  private sendColourMap(): void {
    const b = Buffer.alloc(6 + VGA_PALETTE.length * 6);
    b.writeUInt8(1, 0);
    b.writeUInt16BE(0, 2);
    b.writeUInt16BE(VGA_PALETTE.length, 4);
    VGA_PALETTE.forEach((rgb, i) => {
      b.writeUInt16BE(((rgb >> 16) & 0xff) * 257, 6 + i * 6);
      b.writeUInt16BE(((rgb >> 8) & 0xff) * 257, 8 + i * 6);
      b.writeUInt16BE((rgb & 0xff) * 257, 10 + i * 6);
    });
    this.send(b);
  }

  private onSetEncodings(): boolean {
    if (this.buf.length < 4) return false;
    const count = this.buf.readUInt16BE(2);
    const m = this.take(4 + count * 4);
    if (!m) return false;
    this.encodings = new Set([ENCODING_RAW]);
    for (let i = 0; i < count; i++) this.encodings.add(m.readInt32BE(4 + i * 4));
    return true;
  }

  private onUpdateRequest(): boolean {
    const m = this.take(10);
    if (!m) return false;
    const req: Request = {
      incremental: m[1] !== 0,
      x: m.readUInt16BE(2),
      y: m.readUInt16BE(4),
      w: m.readUInt16BE(6),
      h: m.readUInt16BE(8),
    };
    if (!req.incremental) {
      this.pending = undefined;
      this.sendUpdate(req.x, req.y, req.w, req.h);
    } else {
      this.pending = req;
      this.flushPending();
    }
    return true;
  }

  private onCutText(): boolean {
    if (this.buf.length < 8) return false;
    const length = this.buf.readInt32BE(4);
    if (length < 0) return this.fail('extended clipboard was not negotiated');
    const m = this.take(8 + length);
    if (!m) return false;
    this.input.cutText(m.subarray(8).toString('latin1'));
    return true;
  }

  private onDamage(rows: number[]): void {
    for (const r of rows) this.damagedRows.add(r);
    this.flushPending();
  }

  /** Answers a waiting incremental request with the damaged rows inside its rectangle. */
  private flushPending(): void {
    const req = this.pending;
    if (!req || this.phase !== 'normal' || this.damagedRows.size === 0) return;
    const rows = [...this.damagedRows];
    const top = Math.max(req.y, Math.min(...rows) * CELL_H);
    const bottom = Math.min(req.y + req.h, (Math.max(...rows) + 1) * CELL_H);
    if (bottom <= top) return;
    this.pending = undefined;
    this.sendUpdate(req.x, top, req.w, bottom - top);
  }

  private sendUpdate(x0: number, y0: number, w0: number, h0: number): void {
    const x = Math.min(x0, this.screen.width);
    const y = Math.min(y0, this.screen.height);
    const w = Math.min(w0, this.screen.width - x);
    const h = Math.min(h0, this.screen.height - y);
    for (let r = Math.floor(y / CELL_H); r * CELL_H < y + h; r++) {
      if (x === 0 && w === this.screen.width) this.damagedRows.delete(r);
    }
    const bpp = this.format.bitsPerPixel / 8;
    const out = Buffer.alloc(4 + 12 + w * h * bpp);
    out.writeUInt8(0, 0);
    out.writeUInt16BE(1, 2);
    out.writeUInt16BE(x, 4);
    out.writeUInt16BE(y, 6);
    out.writeUInt16BE(w, 8);
    out.writeUInt16BE(h, 10);
    out.writeInt32BE(ENCODING_RAW, 12);
    let o = 16;
    const px = this.screen.pixels;
    for (let row = y; row < y + h; row++) {
      let p = row * this.screen.width + x;
      for (let col = 0; col < w; col++) {
        const bytes = this.pixelBytes[px[p++] ?? 0] ?? this.pixelBytes[0];
        if (bytes) bytes.copy(out, o);
        o += bpp;
      }
    }
    this.send(out);
  }

  /** Whether the client asked for the DesktopSize pseudo-encoding (the size never changes here). */
  supportsDesktopSize(): boolean {
    return this.encodings.has(ENCODING_DESKTOP_SIZE);
  }
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n, 0);
  return b;
}

function withLength(text: string): Buffer {
  const s = Buffer.from(text, 'utf8');
  return Buffer.concat([u32(s.length), s]);
}
