/**
 * Server-side view-only for VNC: parses the client → server half of an RFB 3.8 stream and
 * drops every message that would act on the guest (keys, pointer, clipboard, power, resize),
 * passing the rest (pixel format, encodings, update requests, fences). A view-only embed link
 * then stays view-only even for a client that is not our page.
 */
export class RfbViewOnlyFilter {
  private buf: Buffer = Buffer.alloc(0);
  /** Handshake bytes still to pass through: version (12), security type (1), ClientInit (1). */
  private handshake = 14;
  /** Set when the stream cannot be parsed; the caller closes the connection. */
  error: string | undefined;
  dropped = 0;

  /** Feeds client bytes; returns the bytes to forward upstream (possibly empty). */
  push(chunk: Buffer): Buffer {
    if (this.error) return Buffer.alloc(0);
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
    const out: Buffer[] = [];
    if (this.handshake > 0) {
      const n = Math.min(this.handshake, this.buf.length);
      out.push(this.buf.subarray(0, n));
      this.buf = this.buf.subarray(n);
      this.handshake -= n;
    }
    while (this.handshake === 0 && this.buf.length > 0) {
      const len = this.messageLength(this.buf);
      if (len === undefined) break;
      if (len < 0) {
        this.error = `unknown RFB client message type ${this.buf[0]}`;
        break;
      }
      const msg = this.buf.subarray(0, len);
      this.buf = this.buf.subarray(len);
      if (this.allowed(msg)) out.push(msg);
      else this.dropped++;
    }
    return out.length === 1 ? (out[0] as Buffer) : Buffer.concat(out);
  }

  /** Whole length of the message at the start of `b`; undefined = need more bytes; -1 = unknown. */
  private messageLength(b: Buffer): number | undefined {
    const need = (n: number) => (b.length >= n ? n : undefined);
    switch (b[0]) {
      case 0: // SetPixelFormat
        return need(20);
      case 2: // SetEncodings
        return b.length < 4 ? undefined : need(4 + 4 * b.readUInt16BE(2));
      case 3: // FramebufferUpdateRequest
        return need(10);
      case 4: // KeyEvent
        return need(8);
      case 5: // PointerEvent
        return need(6);
      case 6: // ClientCutText (negative length = extended clipboard)
        return b.length < 8 ? undefined : need(8 + Math.abs(b.readInt32BE(4)));
      case 150: // EnableContinuousUpdates
        return need(10);
      case 248: // ClientFence
        return b.length < 9 ? undefined : need(9 + (b[8] ?? 0));
      case 250: // xvp (power)
        return need(4);
      case 251: // SetDesktopSize
        return b.length < 8 ? undefined : need(8 + 16 * (b[6] ?? 0));
      case 255: // QEMU: extended key event, or audio
        if (b.length < 2) return undefined;
        if (b[1] === 0) return need(12);
        if (b[1] === 1) return b.length < 4 ? undefined : need(b.readUInt16BE(2) === 2 ? 10 : 4);
        return -1;
      default:
        return -1;
    }
  }

  private allowed(msg: Buffer): boolean {
    const t = msg[0];
    return t === 0 || t === 2 || t === 3 || t === 150 || t === 248 || (t === 255 && msg[1] === 1);
  }
}
