/**
 * One VM's serial line as the hub sees it: the single upstream websocket (KubeVirt allows one
 * serial session per VMI), the browsers attached to it, and the ring of recent output. The
 * upstream stays open for a linger period after the last browser leaves, so output produced
 * while a user is away (a WAN blip, a closed laptop) is captured and replayed on return.
 */
import type { WebSocket } from 'ws';
import { backoffDelay, DEFAULT_BACKOFF } from '../../lib/backoff';
import { ByteRing } from './ring-buffer';

/** Dials the upstream serial websocket; rejects with the HTTP status when refused. */
export type SerialDialer = () => Promise<WebSocket>;

export interface SerialChannelOptions {
  bufferBytes: number;
  lingerMs: number;
  /** A browser whose send queue grows beyond this is dropped (it reconnects and gets the replay). */
  maxClientBufferedBytes: number;
  pingIntervalMs: number;
  onIdle(): void;
  log?(msg: string, fields?: Record<string, unknown>): void;
}

interface Client {
  ws: WebSocket;
  viewOnly: boolean;
  alive: boolean;
}

const OPEN = 1;

/** Close code for browsers when the upstream dropped: "service restart", try again. */
export const CLOSE_UPSTREAM_LOST = 1012;
/** Close code for a browser too slow to keep up. */
export const CLOSE_TOO_SLOW = 1013;

export class SerialChannel {
  readonly ring: ByteRing;
  private upstream: WebSocket | undefined;
  private dialing: Promise<WebSocket> | undefined;
  private readonly clients = new Set<Client>();
  private lingerTimer: ReturnType<typeof setTimeout> | undefined;
  private redialTimer: ReturnType<typeof setTimeout> | undefined;
  private pingTimer: ReturnType<typeof setInterval> | undefined;
  private redials = 0;
  private closed = false;
  private dialer: SerialDialer | undefined;

  constructor(private readonly opts: SerialChannelOptions) {
    this.ring = new ByteRing(opts.bufferBytes);
  }

  /** Browsers attached now. */
  get clientCount(): number {
    return this.clients.size;
  }

  /** Whether the upstream serial websocket is open. */
  get upstreamOpen(): boolean {
    return this.upstream?.readyState === OPEN;
  }

  /**
   * Makes sure the upstream is open (dialled with `dialer`, i.e. as this user, when none is)
   * and holds the channel open for a browser that is about to join. Rejects when the
   * upstream refuses, before the browser's handshake, so it can be refused with a status.
   */
  async prepare(dialer: SerialDialer): Promise<void> {
    if (this.closed) throw new Error('serial channel closed');
    this.dialer = dialer;
    this.cancelLinger();
    try {
      await this.ensureUpstream(dialer);
    } catch (err) {
      this.startLinger();
      throw err;
    }
  }

  /** Adds a browser after `prepare`: replays the ring, then streams. */
  join(ws: WebSocket, viewOnly: boolean): void {
    if (ws.readyState !== OPEN || this.closed) {
      this.startLinger();
      return;
    }
    const client: Client = { ws, viewOnly, alive: true };
    this.clients.add(client);
    const replay = this.ring.snapshot();
    if (replay.length) ws.send(replay, { binary: true });
    ws.on('message', (data, isBinary) => this.fromClient(client, data, isBinary));
    ws.on('pong', () => void (client.alive = true));
    ws.on('close', () => this.detach(client));
    ws.on('error', () => this.detach(client));
    this.startPings();
    if (!this.upstreamOpen) {
      // The upstream dropped between prepare and join: let the browser retry.
      ws.close(CLOSE_UPSTREAM_LOST, 'serial upstream closed');
      this.detach(client);
    }
  }

  /** Called when a prepared browser never joined (it left during the handshake). */
  abandon(): void {
    this.startLinger();
  }

  /** Closes everything now (server shutdown). */
  close(): void {
    this.closed = true;
    this.cancelLinger();
    if (this.redialTimer) clearTimeout(this.redialTimer);
    if (this.pingTimer) clearInterval(this.pingTimer);
    for (const c of this.clients) c.ws.close(1001, 'server shutting down');
    this.clients.clear();
    this.upstream?.close(1000);
    this.upstream = undefined;
  }

  private async ensureUpstream(dialer: SerialDialer): Promise<WebSocket> {
    if (this.upstream && this.upstream.readyState === OPEN) return this.upstream;
    if (!this.dialing) {
      this.dialing = dialer()
        .then((up) => {
          this.adoptUpstream(up);
          return up;
        })
        .finally(() => {
          this.dialing = undefined;
        });
    }
    return this.dialing;
  }

  private adoptUpstream(up: WebSocket): void {
    if (this.closed) {
      up.close(1000);
      return;
    }
    this.upstream = up;
    this.redials = 0;
    up.on('message', (data: Buffer | ArrayBuffer | Buffer[]) => this.fromUpstream(toBuffer(data)));
    up.on('close', (code) => this.upstreamLost(up, code));
    up.on('error', () => this.upstreamLost(up, 1006));
    this.opts.log?.('serial upstream open');
  }

  private fromUpstream(chunk: Buffer): void {
    this.ring.append(chunk);
    for (const c of this.clients) {
      if (c.ws.readyState !== OPEN) continue;
      if (c.ws.bufferedAmount > this.opts.maxClientBufferedBytes) {
        c.ws.close(CLOSE_TOO_SLOW, 'client too slow');
        this.detach(c);
        continue;
      }
      c.ws.send(chunk, { binary: true });
    }
  }

  private fromClient(client: Client, data: unknown, isBinary: boolean): void {
    // KubeVirt drops text frames; so do we. A view-only viewer cannot type.
    if (!isBinary || client.viewOnly) return;
    const up = this.upstream;
    if (!up || up.readyState !== OPEN) return;
    up.send(toBuffer(data as Buffer | ArrayBuffer | Buffer[]), { binary: true });
  }

  private upstreamLost(up: WebSocket, code: number): void {
    if (this.upstream !== up) return;
    this.upstream = undefined;
    this.opts.log?.('serial upstream closed', { code });
    for (const c of this.clients) c.ws.close(CLOSE_UPSTREAM_LOST, 'serial upstream closed');
    this.clients.clear();
    if (this.closed) return;
    this.startLinger();
    this.scheduleRedial();
  }

  /** Keeps capturing output while nobody watches: re-dial the upstream with backoff during linger. */
  private scheduleRedial(): void {
    const dialer = this.dialer;
    if (!dialer || this.closed || this.redialTimer) return;
    const delay = backoffDelay(this.redials++, { ...DEFAULT_BACKOFF, initialMs: 1_000, maxMs: 30_000 });
    this.redialTimer = setTimeout(() => {
      this.redialTimer = undefined;
      if (this.closed || this.upstreamOpen || this.dialing) return;
      this.ensureUpstream(dialer).catch(() => this.scheduleRedial());
    }, delay);
  }

  private detach(client: Client): void {
    if (!this.clients.delete(client)) return;
    if (this.clients.size === 0) this.startLinger();
  }

  private startLinger(): void {
    if (this.lingerTimer || this.clients.size > 0) return;
    this.lingerTimer = setTimeout(() => {
      this.lingerTimer = undefined;
      if (this.clients.size > 0) return;
      this.close();
      this.opts.onIdle();
    }, this.opts.lingerMs);
  }

  private cancelLinger(): void {
    if (this.lingerTimer) clearTimeout(this.lingerTimer);
    this.lingerTimer = undefined;
  }

  /** Keepalive so idle consoles survive proxies that cut silent connections (~20 s seen in the field). */
  private startPings(): void {
    if (this.pingTimer) return;
    this.pingTimer = setInterval(() => {
      for (const c of this.clients) {
        if (!c.alive) {
          c.ws.terminate();
          this.detach(c);
          continue;
        }
        c.alive = false;
        c.ws.ping();
      }
      if (this.upstream?.readyState === OPEN) this.upstream.ping();
    }, this.opts.pingIntervalMs);
    this.pingTimer.unref?.();
  }
}

function toBuffer(data: Buffer | ArrayBuffer | Buffer[]): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}
