/**
 * Fixed-capacity byte ring for recent serial output. Appends overwrite the oldest bytes; a
 * snapshot starts on a UTF-8 character boundary so a replay never opens with a broken byte.
 */
export class ByteRing {
  private readonly buf: Buffer;
  private start = 0;
  private length = 0;
  private written = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity <= 0)
      throw new RangeError('capacity must be a positive integer');
    this.buf = Buffer.alloc(capacity);
  }

  /** Appends bytes, dropping the oldest ones beyond capacity. */
  append(chunk: Uint8Array): void {
    this.written += chunk.length;
    let data = chunk;
    if (data.length >= this.capacity) {
      data = data.subarray(data.length - this.capacity);
      this.buf.set(data, 0);
      this.start = 0;
      this.length = this.capacity;
      return;
    }
    const end = (this.start + this.length) % this.capacity;
    const first = Math.min(data.length, this.capacity - end);
    this.buf.set(data.subarray(0, first), end);
    this.buf.set(data.subarray(first), 0);
    const overflow = Math.max(0, this.length + data.length - this.capacity);
    this.start = (this.start + overflow) % this.capacity;
    this.length = Math.min(this.capacity, this.length + data.length);
  }

  /** Bytes held now, oldest first, starting at a UTF-8 boundary. */
  snapshot(): Buffer {
    const end = this.start + this.length;
    const out =
      end <= this.capacity
        ? Buffer.from(this.buf.subarray(this.start, end))
        : Buffer.concat([this.buf.subarray(this.start), this.buf.subarray(0, end - this.capacity)]);
    if (this.written <= this.capacity) return out;
    let skip = 0;
    // A continuation byte (10xxxxxx) at the start belongs to a character that was cut off.
    while (skip < 3 && skip < out.length && ((out[skip] ?? 0) & 0xc0) === 0x80) skip++;
    return out.subarray(skip);
  }

  /** Bytes held now. */
  get size(): number {
    return this.length;
  }

  /** All bytes ever appended, including overwritten ones. */
  get totalWritten(): number {
    return this.written;
  }
}
