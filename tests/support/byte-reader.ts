import type { Duplex } from 'node:stream';

/** Reads exact byte counts from a stream, for protocol clients in tests. */
export class ByteReader {
  private buf = Buffer.alloc(0);
  private waiter: (() => void) | undefined;
  private ended = false;
  /** Bytes received so far, read or not. */
  total = 0;

  constructor(stream: Duplex) {
    stream.on('data', (d: Buffer) => {
      this.buf = Buffer.concat([this.buf, d]);
      this.total += d.length;
      this.waiter?.();
    });
    // A websocket stream errors when its socket does; the reader then just ends.
    stream.on('error', () => {
      this.ended = true;
      this.waiter?.();
    });
    stream.on('end', () => {
      this.ended = true;
      this.waiter?.();
    });
    stream.on('close', () => {
      this.ended = true;
      this.waiter?.();
    });
  }

  get closed(): boolean {
    return this.ended && this.buf.length === 0;
  }

  async read(n: number, timeoutMs = 20_000): Promise<Buffer> {
    const deadline = Date.now() + timeoutMs;
    while (this.buf.length < n) await this.wait(deadline, () => `reading ${n} bytes (have ${this.buf.length})`);
    const out = this.buf.subarray(0, n);
    this.buf = this.buf.subarray(n);
    return Buffer.from(out);
  }

  /** Waits until the text buffered so far (not consumed) contains `needle`; returns all of it. */
  async until(needle: string, timeoutMs = 15_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    while (!this.buf.toString('latin1').includes(needle)) {
      await this.wait(deadline, () => `waiting for ${JSON.stringify(needle)}; have ${JSON.stringify(this.buf.toString('latin1').slice(-200))}`);
    }
    return this.buf.toString('latin1');
  }

  private async wait(deadline: number, what: () => string): Promise<void> {
    if (this.ended) throw new Error(`stream ended ${what()}`);
    const left = deadline - Date.now();
    if (left <= 0) throw new Error(`timed out ${what()}`);
    await new Promise<void>((resolve) => {
      const t = setTimeout(resolve, left);
      this.waiter = () => {
        clearTimeout(t);
        resolve();
      };
    });
    this.waiter = undefined;
  }

  /** Bytes buffered and not yet read. */
  available(): number {
    return this.buf.length;
  }
}
