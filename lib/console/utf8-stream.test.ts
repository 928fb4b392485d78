import { describe, expect, it } from 'vitest';
import { Utf8StreamDecoder, encodeUtf8 } from './utf8-stream';

/** Splits bytes at every given offset. */
function splitAt(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const parts: Uint8Array[] = [];
  let from = 0;
  for (const c of cuts) {
    parts.push(bytes.slice(from, c));
    from = c;
  }
  parts.push(bytes.slice(from));
  return parts;
}

describe('Utf8StreamDecoder', () => {
  const text = 'héllo 你好 🚀 ok';
  const bytes = encodeUtf8(text);

  it('renders a 3-byte CJK character split after its first byte', () => {
    const at = encodeUtf8('héllo ').length + 1;
    const d = new Utf8StreamDecoder();
    const out = splitAt(bytes, [at]).map((p) => d.decode(p)).join('') + d.flush();
    expect(out).toBe(text);
    expect(out).not.toContain('\uFFFD');
  });

  it('renders a 4-byte emoji split into single bytes', () => {
    const d = new Utf8StreamDecoder();
    let out = '';
    for (const b of bytes) out += d.decode(new Uint8Array([b]));
    out += d.flush();
    expect(out).toBe(text);
  });

  it('is correct at every possible two-way split point', () => {
    for (let cut = 0; cut <= bytes.length; cut++) {
      const d = new Utf8StreamDecoder();
      const [a, b] = splitAt(bytes, [cut]);
      expect(d.decode(a!) + d.decode(b!) + d.flush()).toBe(text);
    }
  });

  it('holds the partial tail: nothing is emitted for an incomplete character', () => {
    const d = new Utf8StreamDecoder();
    const snake = encodeUtf8('你');
    expect(d.decode(snake.slice(0, 2))).toBe('');
    expect(d.decode(snake.slice(2))).toBe('你');
  });

  it('a per-frame decoder (the bug this fixes) would garble the split character', () => {
    const snake = encodeUtf8('你');
    const naive = new TextDecoder().decode(snake.slice(0, 1)) + new TextDecoder().decode(snake.slice(1));
    expect(naive).toContain('\uFFFD');
  });

  it('flush turns a never-finished sequence into one replacement character', () => {
    const d = new Utf8StreamDecoder();
    expect(d.decode(encodeUtf8('a你').slice(0, 2))).toBe('a');
    expect(d.flush()).toBe('\uFFFD');
    expect(d.decode(encodeUtf8('b'))).toBe('b');
  });

  it('reset drops a partial sequence from an earlier connection', () => {
    const d = new Utf8StreamDecoder();
    d.decode(encodeUtf8('你').slice(0, 1));
    d.reset();
    expect(d.decode(encodeUtf8('ok'))).toBe('ok');
  });

  it('accepts ArrayBuffer frames as a websocket delivers them', () => {
    const d = new Utf8StreamDecoder();
    const ab = new Uint8Array(encodeUtf8('你好')).buffer as ArrayBuffer;
    expect(d.decode(ab.slice(0, 4)) + d.decode(ab.slice(4))).toBe('你好');
  });
});
