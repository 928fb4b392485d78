import { describe, expect, it } from 'vitest';
import { ByteRing } from './ring-buffer';

describe('ByteRing', () => {
  it('keeps everything below capacity', () => {
    const r = new ByteRing(16);
    r.append(Buffer.from('hello '));
    r.append(Buffer.from('world'));
    expect(r.snapshot().toString()).toBe('hello world');
    expect(r.size).toBe(11);
  });

  it('keeps only the newest bytes across wrap-around', () => {
    const r = new ByteRing(8);
    for (const part of ['abc', 'defg', 'hij', 'kl']) r.append(Buffer.from(part));
    expect(r.snapshot().toString()).toBe('efghijkl');
    expect(r.totalWritten).toBe(12);
  });

  it('handles a single chunk larger than the ring', () => {
    const r = new ByteRing(4);
    r.append(Buffer.from('xy'));
    r.append(Buffer.from('0123456789'));
    expect(r.snapshot().toString()).toBe('6789');
    r.append(Buffer.from('ab'));
    expect(r.snapshot().toString()).toBe('89ab');
  });

  it('starts a snapshot on a UTF-8 boundary after overwriting', () => {
    const r = new ByteRing(7);
    r.append(Buffer.from('a你好', 'utf8'));
    r.append(Buffer.from('b', 'utf8'));
    // 'a你好b' is 8 bytes: the ring holds the last 7, so only 'a' is dropped.
    expect(r.snapshot().toString('utf8')).toBe('你好b');
    r.append(Buffer.from('c', 'utf8'));
    // Now the first byte of '你' is gone too: its two continuation bytes are skipped.
    expect(r.snapshot().toString('utf8')).toBe('好bc');
  });

  it('refuses a nonsense capacity', () => {
    expect(() => new ByteRing(0)).toThrow(RangeError);
  });
});
