/** An RFB PIXEL_FORMAT (RFC 6143 §7.4). */
export interface PixelFormat {
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

/** What the server offers in ServerInit: 32 bpp, depth 24, little-endian xRGB, as QEMU does. */
export const SERVER_FORMAT: PixelFormat = {
  bitsPerPixel: 32,
  depth: 24,
  bigEndian: false,
  trueColour: true,
  redMax: 255,
  greenMax: 255,
  blueMax: 255,
  redShift: 16,
  greenShift: 8,
  blueShift: 0,
};

export function encodePixelFormat(f: PixelFormat): Buffer {
  const b = Buffer.alloc(16);
  b.writeUInt8(f.bitsPerPixel, 0);
  b.writeUInt8(f.depth, 1);
  b.writeUInt8(f.bigEndian ? 1 : 0, 2);
  b.writeUInt8(f.trueColour ? 1 : 0, 3);
  b.writeUInt16BE(f.redMax, 4);
  b.writeUInt16BE(f.greenMax, 6);
  b.writeUInt16BE(f.blueMax, 8);
  b.writeUInt8(f.redShift, 10);
  b.writeUInt8(f.greenShift, 11);
  b.writeUInt8(f.blueShift, 12);
  return b;
}

/** Parses a PIXEL_FORMAT; undefined for a bits-per-pixel RFB does not allow. */
export function decodePixelFormat(b: Buffer): PixelFormat | undefined {
  const bpp = b.readUInt8(0);
  if (bpp !== 8 && bpp !== 16 && bpp !== 32) return undefined;
  return {
    bitsPerPixel: bpp,
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

/**
 * The bytes of each palette colour in the client's format. In colour-map mode the pixel value is
 * the palette index itself (the server sends the map with SetColourMapEntries).
 */
export function palettePixels(palette: readonly number[], f: PixelFormat): Buffer[] {
  const bytes = f.bitsPerPixel / 8;
  return palette.map((rgb, index) => {
    let value = index;
    if (f.trueColour) {
      const scale = (c: number, max: number): number => Math.round((c * max) / 255);
      value =
        (scale((rgb >> 16) & 0xff, f.redMax) << f.redShift) |
        (scale((rgb >> 8) & 0xff, f.greenMax) << f.greenShift) |
        (scale(rgb & 0xff, f.blueMax) << f.blueShift);
    }
    const out = Buffer.alloc(bytes);
    if (bytes === 1) out.writeUInt8(value & 0xff, 0);
    else if (bytes === 2 && f.bigEndian) out.writeUInt16BE(value & 0xffff, 0);
    else if (bytes === 2) out.writeUInt16LE(value & 0xffff, 0);
    else if (f.bigEndian) out.writeUInt32BE(value >>> 0, 0);
    else out.writeUInt32LE(value >>> 0, 0);
    return out;
  });
}
