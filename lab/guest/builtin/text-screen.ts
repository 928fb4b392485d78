import type { BitmapFont } from './psf-font';

export const COLS = 80;
export const ROWS = 25;
export const CELL_W = 9;
export const CELL_H = 16;
export const SCREEN_W = COLS * CELL_W; // 720, as QEMU's VGA text mode
export const SCREEN_H = ROWS * CELL_H; // 400

/** The 16 VGA text-mode colours as 0xRRGGBB; framebuffer pixels are indices into this. */
export const VGA_PALETTE: readonly number[] = [
  0x000000, 0x0000aa, 0x00aa00, 0x00aaaa, 0xaa0000, 0xaa00aa, 0xaa5500, 0xaaaaaa,
  0x555555, 0x5555ff, 0x55ff55, 0x55ffff, 0xff5555, 0xff55ff, 0xffff55, 0xffffff,
];

const DEFAULT_ATTR = { fg: 7, bg: 0 };
const ANSI_TO_VGA = [0, 4, 2, 6, 1, 5, 3, 7];

interface Cell {
  cp: number;
  fg: number;
  bg: number;
}

/**
 * An 80x25 VGA-like text console: a cell grid fed by a small terminal interpreter (CR, LF, BS,
 * TAB, CSI J/K/H/m), rendered with a bitmap font into a 720x400 framebuffer of palette indices.
 * Listeners hear which text rows changed so RFB sessions can send only those.
 */
export class TextScreen {
  readonly width = SCREEN_W;
  readonly height = SCREEN_H;
  /** One palette index per pixel, row-major. */
  readonly pixels = new Uint8Array(SCREEN_W * SCREEN_H);
  private cells: Cell[][] = [];
  private x = 0;
  private y = 0;
  private attr = { ...DEFAULT_ATTR };
  private bold = false;
  private escape: string | undefined;
  private cursorOn = true;
  private readonly dirty = new Set<number>();
  private readonly listeners = new Set<(rows: number[]) => void>();

  constructor(private readonly font: BitmapFont) {
    this.reset();
  }

  /** Clears the screen and homes the cursor (a fresh boot). */
  reset(): void {
    this.cells = Array.from({ length: ROWS }, () => this.blankRow());
    this.x = 0;
    this.y = 0;
    this.attr = { ...DEFAULT_ATTR };
    this.escape = undefined;
    for (let r = 0; r < ROWS; r++) this.dirty.add(r);
    this.flush();
  }

  /** Writes terminal output; `\n` moves to the next line's start, as a tty with onlcr does. */
  write(text: string): void {
    for (const ch of text) this.put(ch);
    this.flush();
  }

  setCursorVisible(on: boolean): void {
    if (on === this.cursorOn) return;
    this.cursorOn = on;
    this.dirty.add(this.y);
    this.flush();
  }

  /** The screen's text, one string per row, trailing blanks trimmed. */
  text(): string[] {
    return this.cells.map((row) => String.fromCodePoint(...row.map((c) => c.cp)).trimEnd());
  }

  onDamage(cb: (rows: number[]) => void): () => void {
    this.listeners.add(cb);
    return () => this.listeners.delete(cb);
  }

  private blankRow(): Cell[] {
    return Array.from({ length: COLS }, () => ({ cp: 0x20, fg: this.attr?.fg ?? 7, bg: this.attr?.bg ?? 0 }));
  }

  private put(ch: string): void {
    if (this.escape !== undefined) return this.putEscape(ch);
    const oldY = this.y;
    switch (ch) {
      case '\x1b':
        this.escape = '';
        return;
      case '\r':
        this.x = 0;
        break;
      case '\n':
        this.x = 0;
        this.lineFeed();
        break;
      case '\b':
        if (this.x > 0) this.x--;
        break;
      case '\t':
        this.x = Math.min(COLS - 1, (Math.floor(this.x / 8) + 1) * 8);
        break;
      case '\x07':
        return;
      default: {
        const cp = ch.codePointAt(0) ?? 0x3f;
        if (cp < 0x20) return;
        if (this.x >= COLS) {
          this.x = 0;
          this.lineFeed();
        }
        const row = this.cells[this.y];
        if (row) row[this.x] = { cp, fg: this.bold ? this.attr.fg | 8 : this.attr.fg, bg: this.attr.bg };
        this.dirty.add(this.y);
        this.x++;
      }
    }
    this.dirty.add(oldY);
    this.dirty.add(this.y);
  }

  private lineFeed(): void {
    if (this.y < ROWS - 1) {
      this.y++;
      return;
    }
    this.cells.shift();
    this.cells.push(this.blankRow());
    for (let r = 0; r < ROWS; r++) this.dirty.add(r);
  }

  private putEscape(ch: string): void {
    const seq = (this.escape ?? '') + ch;
    if (seq === '[' || /^\[[0-9;?]*$/.test(seq)) {
      this.escape = seq;
      return;
    }
    this.escape = undefined;
    const m = /^\[([0-9;?]*)([A-Za-z])$/.exec(seq);
    if (m) this.csi(m[1] ?? '', m[2] ?? '');
  }

  private csi(params: string, final: string): void {
    const nums = params.split(';').map((p) => Number(p.replace('?', '')) || 0);
    const n0 = nums[0] ?? 0;
    this.dirty.add(this.y);
    if (final === 'J' && n0 === 2) {
      this.cells = Array.from({ length: ROWS }, () => this.blankRow());
      for (let r = 0; r < ROWS; r++) this.dirty.add(r);
    } else if (final === 'H') {
      this.y = Math.min(ROWS - 1, Math.max(0, n0 - 1));
      this.x = Math.min(COLS - 1, Math.max(0, (nums[1] ?? 1) - 1));
    } else if (final === 'K') {
      const row = this.cells[this.y];
      for (let c = this.x; row && c < COLS; c++) row[c] = { cp: 0x20, fg: this.attr.fg, bg: this.attr.bg };
    } else if (final === 'm') {
      this.sgr(nums);
    }
    this.dirty.add(this.y);
  }

  private sgr(nums: number[]): void {
    for (const n of nums) {
      if (n === 0) {
        this.attr = { ...DEFAULT_ATTR };
        this.bold = false;
      } else if (n === 1) this.bold = true;
      else if (n === 22) this.bold = false;
      else if (n >= 30 && n <= 37) this.attr.fg = ANSI_TO_VGA[n - 30] ?? 7;
      else if (n >= 40 && n <= 47) this.attr.bg = ANSI_TO_VGA[n - 40] ?? 0;
      else if (n === 39) this.attr.fg = DEFAULT_ATTR.fg;
      else if (n === 49) this.attr.bg = DEFAULT_ATTR.bg;
    }
  }

  private flush(): void {
    if (this.dirty.size === 0) return;
    const rows = [...this.dirty].sort((a, b) => a - b);
    this.dirty.clear();
    for (const r of rows) this.renderRow(r);
    for (const cb of this.listeners) cb(rows);
  }

  private renderRow(r: number): void {
    const row = this.cells[r];
    if (!row) return;
    for (let c = 0; c < COLS; c++) {
      const cell = row[c] ?? { cp: 0x20, fg: 7, bg: 0 };
      const cursor = this.cursorOn && r === this.y && c === Math.min(this.x, COLS - 1);
      this.renderCell(c, r, cell, cursor);
    }
  }

  private renderCell(c: number, r: number, cell: Cell, cursor: boolean): void {
    const glyph = this.font.glyph(cell.cp);
    // VGA repeats the 8th column into the 9th for the box-drawing range only.
    const extend = cell.cp >= 0x2500 && cell.cp <= 0x259f;
    for (let gy = 0; gy < CELL_H; gy++) {
      const bits = glyph[gy] ?? 0;
      const underline = cursor && gy >= 14;
      let p = (r * CELL_H + gy) * SCREEN_W + c * CELL_W;
      for (let gx = 0; gx < CELL_W; gx++) {
        const on = gx < 8 ? (bits & (0x80 >> gx)) !== 0 : extend && (bits & 1) !== 0;
        this.pixels[p++] = on || underline ? cell.fg : cell.bg;
      }
    }
  }
}
