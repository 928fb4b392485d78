import type net from 'node:net';
import { Duplex } from 'node:stream';
import { StatusError } from '../../store/status-error';

const TAIL_BYTES = 8192;

/**
 * The one connection a guest holds to QEMU's serial chardev (which accepts a single client),
 * fanned out to the current user client. Opening a new client ends the previous one, as
 * virt-handler does. The guest reads the recent output (`tail`) for its own checks.
 */
export class ConsoleLine {
  private client: Duplex | undefined;
  private recent = Buffer.alloc(0);
  private received = 0;
  private readonly waiters = new Set<() => void>();

  constructor(private readonly socket: net.Socket) {
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', () => undefined);
    socket.on('close', () => this.client?.push(null));
  }

  /** A Duplex for a new client; the previous client's stream ends. */
  open(): Duplex {
    const previous = this.client;
    this.client = undefined;
    if (previous && !previous.destroyed) {
      // Both sides end so its reader sees 'end'; the stream then closes itself.
      previous.push(null);
      previous.end();
    }
    this.socket.resume();
    const socket = this.socket;
    const client: Duplex = new Duplex({
      write: (chunk: Buffer, _enc, cb) => {
        if (this.client !== client) cb();
        else if (socket.destroyed) cb(new StatusError(503, 'ServiceUnavailable', 'serial line closed'));
        else socket.write(chunk, () => cb());
      },
      read() {
        socket.resume();
      },
      destroy: (err, cb) => {
        if (this.client === client) this.client = undefined;
        cb(err);
      },
    });
    this.client = client;
    return client;
  }

  connections(): number {
    return this.client && !this.client.destroyed ? 1 : 0;
  }

  /** Writes raw bytes to the guest's serial port. */
  write(data: string): void {
    this.socket.write(data);
  }

  /** The last few KiB received, decoded as UTF-8. */
  tail(): string {
    return this.recent.toString('utf8');
  }

  /**
   * Resolves once the output received after this call matches `pattern`; with `includeTail`,
   * output already in the recent buffer counts too.
   */
  waitFor(pattern: RegExp, timeoutMs: number, includeTail = false): Promise<string> {
    const mark = includeTail ? this.received - this.recent.length : this.received;
    return new Promise((resolve, reject) => {
      const check = (): void => {
        const m = pattern.exec(this.sinceMark(mark));
        if (!m) return;
        this.waiters.delete(check);
        clearTimeout(timer);
        resolve(m[0]);
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new StatusError(504, 'Timeout', `serial line: no ${String(pattern)} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiters.add(check);
    });
  }

  close(): void {
    this.client?.push(null);
    this.socket.destroy();
  }

  private sinceMark(mark: number): string {
    const newBytes = this.received - mark;
    return this.recent.subarray(Math.max(0, this.recent.length - newBytes)).toString('utf8');
  }

  private onData(chunk: Buffer): void {
    this.received += chunk.length;
    this.recent = Buffer.concat([this.recent, chunk]);
    if (this.recent.length > TAIL_BYTES) this.recent = this.recent.subarray(this.recent.length - TAIL_BYTES);
    if (this.client && !this.client.push(chunk)) this.socket.pause();
    for (const w of [...this.waiters]) w();
  }
}
