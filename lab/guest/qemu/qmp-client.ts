import { EventEmitter } from 'node:events';
import net from 'node:net';
import { StatusError } from '../../store/status-error';

/** A QMP event as QEMU sends it. */
export interface QmpEvent {
  event: string;
  data?: Record<string, unknown>;
  timestamp?: { seconds: number; microseconds: number };
}

interface Pending {
  resolve: (value: unknown) => void;
  reject: (err: Error) => void;
  command: string;
}

/**
 * A QMP client over QEMU's unix socket: JSON objects separated by newlines, the greeting, the
 * capabilities handshake, commands matched to replies by `id`, and events re-emitted as `event`.
 * QEMU's socket chardevs take one client at a time, so each QEMU process gets exactly one of these.
 */
export class QmpClient extends EventEmitter {
  private buffer = '';
  private nextId = 1;
  private readonly pending = new Map<string, Pending>();
  private closed = false;

  private constructor(private readonly socket: net.Socket) {
    super();
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => this.onData(chunk));
    socket.on('close', () => this.onClose());
    socket.on('error', () => undefined);
  }

  /** Connects (retrying until the socket exists), reads the greeting and enters command mode. */
  static async connect(path: string, timeoutMs = 10_000): Promise<QmpClient> {
    const socket = await connectUnix(path, timeoutMs);
    const client = new QmpClient(socket);
    await client.greeting();
    await client.execute('qmp_capabilities');
    return client;
  }

  /** Runs one QMP command; rejects with a StatusError carrying QEMU's error description. */
  execute<T = unknown>(command: string, args?: Record<string, unknown>): Promise<T> {
    if (this.closed) return Promise.reject(qmpError(command, 'QMP connection closed'));
    const id = `c${this.nextId++}`;
    const message = args ? { execute: command, arguments: args, id } : { execute: command, id };
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: (v) => resolve(v as T), reject, command });
      this.socket.write(`${JSON.stringify(message)}\n`);
    });
  }

  /** Resolves with the first event of that name for which `match` holds. */
  waitEvent(name: string, match: (e: QmpEvent) => boolean = () => true, timeoutMs = 30_000): Promise<QmpEvent> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.off('event', onEvent);
        reject(qmpError(name, `timed out waiting for QMP event ${name}`));
      }, timeoutMs);
      const onEvent = (e: QmpEvent): void => {
        if (e.event !== name || !match(e)) return;
        clearTimeout(timer);
        this.off('event', onEvent);
        resolve(e);
      };
      this.on('event', onEvent);
    });
  }

  isClosed(): boolean {
    return this.closed;
  }

  close(): void {
    this.socket.destroy();
  }

  private greeting(): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(qmpError('greeting', 'no QMP greeting')), 10_000);
      this.once('greeting', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  private onData(chunk: string): void {
    this.buffer += chunk;
    let nl: number;
    while ((nl = this.buffer.indexOf('\n')) >= 0) {
      const line = this.buffer.slice(0, nl).trim();
      this.buffer = this.buffer.slice(nl + 1);
      if (!line) continue;
      let msg: Record<string, unknown>;
      try {
        msg = JSON.parse(line) as Record<string, unknown>;
      } catch {
        // Not QMP: ignore rather than crash the lab on a garbled line.
        continue;
      }
      this.onMessage(msg);
    }
  }

  private onMessage(msg: Record<string, unknown>): void {
    if ('QMP' in msg) {
      this.emit('greeting', msg);
      return;
    }
    if (typeof msg.event === 'string') {
      this.emit('event', msg as unknown as QmpEvent);
      return;
    }
    const id = typeof msg.id === 'string' ? msg.id : undefined;
    const pending = id ? this.pending.get(id) : undefined;
    if (!id || !pending) return;
    this.pending.delete(id);
    if ('error' in msg) {
      const err = msg.error as { desc?: string; class?: string };
      pending.reject(qmpError(pending.command, err.desc ?? err.class ?? 'QMP error'));
    } else {
      pending.resolve(msg.return);
    }
  }

  private onClose(): void {
    this.closed = true;
    for (const p of this.pending.values()) p.reject(qmpError(p.command, 'QMP connection closed'));
    this.pending.clear();
    this.emit('close');
  }
}

function qmpError(command: string, message: string): StatusError {
  return new StatusError(500, 'InternalError', `qmp ${command}: ${message}`);
}

/** Connects to a unix socket, retrying while QEMU has not created it yet. */
export async function connectUnix(path: string, timeoutMs: number): Promise<net.Socket> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await new Promise<net.Socket>((resolve, reject) => {
        const s = net.connect(path);
        s.once('connect', () => {
          s.off('error', reject);
          resolve(s);
        });
        s.once('error', reject);
      });
    } catch (err) {
      if (Date.now() > deadline) {
        throw new StatusError(500, 'InternalError', `cannot connect to ${path}: ${(err as Error).message}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}
