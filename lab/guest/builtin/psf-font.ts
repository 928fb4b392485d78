import { StatusError } from '../../store/status-error';
import { VGA_FONT_PSF_BASE64 } from './vga-font-data';

/** A bitmap console font: one byte per glyph row (8 pixels wide), looked up by Unicode code point. */
export interface BitmapFont {
  width: 8;
  height: number;
  /** The rows of the glyph for that code point (the replacement glyph when the font lacks it). */
  glyph(codePoint: number): Uint8Array;
}

const PSF1_MAGIC = 0x0436;
const PSF1_MODE512 = 0x01;
const PSF1_MODEHASTAB = 0x02;
const PSF1_SEPARATOR = 0xffff;
const PSF1_STARTSEQ = 0xfffe;

/** Parses a PSF1 font (the Linux console format) with its Unicode table. */
export function parsePsf1(data: Buffer): BitmapFont {
  if (data.length < 4 || data.readUInt16LE(0) !== PSF1_MAGIC) {
    throw new StatusError(500, 'InternalError', 'not a PSF1 font');
  }
  const mode = data[2] ?? 0;
  const height = data[3] ?? 0;
  const count = mode & PSF1_MODE512 ? 512 : 256;
  const glyphs = data.subarray(4, 4 + count * height);
  if (glyphs.length !== count * height) throw new StatusError(500, 'InternalError', 'truncated PSF1 font');
  const map = new Map<number, number>();
  if (mode & PSF1_MODEHASTAB) readUnicodeTable(data, 4 + count * height, count, map);
  const at = (index: number): Uint8Array => glyphs.subarray(index * height, (index + 1) * height);
  const replacement = map.get(0xfffd) ?? map.get(0x3f) ?? 0;
  return {
    width: 8,
    height,
    glyph(cp) {
      const index = map.has(cp) ? map.get(cp) : cp < 0x80 && !map.size ? cp : replacement;
      return at(index ?? replacement);
    },
  };
}

function readUnicodeTable(data: Buffer, offset: number, count: number, map: Map<number, number>): void {
  let pos = offset;
  for (let glyph = 0; glyph < count && pos + 1 < data.length; glyph++) {
    let inSequence = false;
    for (;;) {
      const u = data.readUInt16LE(pos);
      pos += 2;
      if (u === PSF1_SEPARATOR) break;
      // Combining sequences are not rendered; only single code points map to glyphs.
      if (u === PSF1_STARTSEQ) inSequence = true;
      else if (!inSequence && !map.has(u)) map.set(u, glyph);
      if (pos + 1 >= data.length) break;
    }
  }
}

let vgaFont: BitmapFont | undefined;

/** The VGA 8x16 font (Debian console-setup's Uni2-VGA16), parsed once. */
export function loadVgaFont(): BitmapFont {
  vgaFont ??= parsePsf1(Buffer.from(VGA_FONT_PSF_BASE64, 'base64'));
  return vgaFont;
}
