/**
 * Browser side of the watch multiplexer (protocol in ./watch-mux-protocol): the watches of a page
 * ride one websocket to the BFF, or as few as carry them (`WatchMuxPool`: the BFF takes at most
 * MAX_WATCHES_PER_SOCKET on one). The socket opens on the first watch and closes a while after
 * the last one ends. When it drops, each open watch fails with a network error, and each
 * ResourceWatcher reconnects with its own backoff from its last resourceVersion, which re-opens
 * the socket.
 */
import { KubeApiError, networkError } from './kube-api-error';
import type { WatchOpener, WatchRequest } from './watch-stream';
import { CLOSE_SESSION_EXPIRED } from '../api/session';
import {
  decodeServerFrame,
  MAX_WATCHES_PER_SOCKET,
  WATCH_MUX_PATH,
  type MuxClientMessage,
  type MuxControl,
  type WatchQuery,
} from '../api/watch-mux';
import { failureStatus, type KubeObject, type WatchEvent } from './types';

type Batch = WatchEvent<KubeObject>[];

/** The subset of the browser's WebSocket the mux uses (tests pass the `ws` package's). */
export interface MuxSocket {
  readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: { code: number; reason: string }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
}

export interface WatchMuxOptions {
  /** Absolute ws(s) URL of the BFF's endpoint; default: this page's origin + WATCH_MUX_PATH. */
  url?: string;
  createSocket?: (url: string) => MuxSocket;
  /** How long an idle socket stays open after its last watch ended. */
  idleCloseMs?: number;
  /** Called when the BFF closes the socket because the session expired. */
  onSessionExpired?: () => void;
}

const OPEN = 1;


/** One watch on the socket: a queue of event batches read by an async iterator. */
class MuxStream {
  private readonly queue: Batch[] = [];
  private wake?: () => void;
  private done = false;
  private failure?: KubeApiError;
  private opened?: { resolve: () => void; reject: (e: KubeApiError) => void };
  readonly ready: Promise<void>;

  constructor(
    readonly id: number,
    private readonly onDone: () => void,
  ) {
    this.ready = new Promise((resolve, reject) => (this.opened = { resolve, reject }));
    // Nobody may be awaiting `ready` when a socket drop rejects it.
    this.ready.catch(() => undefined);
  }

  push(batch: Batch): void {
    this.queue.push(batch);
    this.wake?.();
  }

  control(c: MuxControl): void {
    if (c.type === 'open') this.opened?.resolve();
    else if (c.type === 'end') this.finish();
    else this.finish(new KubeApiError(c.code, c.status));
  }

  finish(err?: KubeApiError): void {
    if (this.done) return;
    this.done = true;
    this.failure = err;
    this.onDone();
    if (err) this.opened?.reject(err);
    else this.opened?.resolve();
    this.wake?.();
  }

  async *batches(): AsyncGenerator<Batch> {
    for (;;) {
      const next = this.queue.shift();
      if (next) {
        yield next;
        continue;
      }
      if (this.done) {
        if (this.failure) throw this.failure;
        return;
      }
      await new Promise<void>((resolve) => (this.wake = resolve));
      this.wake = undefined;
    }
  }
}

export class WatchMux {
  private socket?: MuxSocket;
  private readonly streams = new Map<number, MuxStream>();
  private nextId = 1;
  private idleTimer?: ReturnType<typeof setTimeout>;
  private pending: string[] = [];

  constructor(private readonly opts: WatchMuxOptions = {}) {}

  /** A WatchOpener for ResourceWatcher: resolves once the cluster accepted the watch. */
  readonly open: WatchOpener = async (req: WatchRequest) => {
    if (req.signal.aborted) throw networkError('watch aborted before it opened');
    const id = this.nextId++;
    const onAbort = () => this.cancel(id);
    const stream = new MuxStream(id, () => req.signal.removeEventListener('abort', onAbort));
    this.streams.set(id, stream);
    req.signal.addEventListener('abort', onAbort, { once: true });
    this.send({ op: 'watch', id, site: req.site, path: req.path, query: req.query as WatchQuery });
    await stream.ready;
    return stream.batches();
  };

  /** Number of watches currently carried. */
  get size(): number {
    return this.streams.size;
  }

  /** Closes the socket and fails every watch (sign-out, tests). */
  close(): void {
    this.drop(networkError('watch connection closed'));
    this.socket?.close(1000, 'closed by page');
    this.socket = undefined;
  }

  private cancel(id: number): void {
    const stream = this.streams.get(id);
    if (!stream) return;
    stream.finish();
    this.streams.delete(id);
    if (this.socket?.readyState === OPEN) this.socket.send(JSON.stringify({ op: 'cancel', id }));
    this.scheduleIdleClose();
  }

  private send(msg: MuxClientMessage): void {
    clearTimeout(this.idleTimer);
    const text = JSON.stringify(msg);
    const socket = this.socket ?? this.connect();
    if (socket.readyState === OPEN) socket.send(text);
    else this.pending.push(text);
  }

  private connect(): MuxSocket {
    const url = this.opts.url ?? `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}${WATCH_MUX_PATH}`;
    const socket = this.opts.createSocket ? this.opts.createSocket(url) : (new WebSocket(url) as unknown as MuxSocket);
    this.socket = socket;
    socket.onopen = () => {
      for (const text of this.pending) socket.send(text);
      this.pending = [];
    };
    socket.onmessage = (ev) => this.receive(ev.data);
    socket.onclose = (ev) => {
      if (this.socket !== socket) return;
      this.socket = undefined;
      this.pending = [];
      if (ev.code === CLOSE_SESSION_EXPIRED) {
        this.drop(new KubeApiError(401, failureStatus(401, 'Unauthorized', 'your session expired: sign in again')));
        this.opts.onSessionExpired?.();
        return;
      }
      this.drop(networkError(`watch connection to the console server lost${ev.code ? ` (${ev.code}${ev.reason ? `: ${ev.reason}` : ''})` : ''}`));
    };
    // The close event follows and does the work.
    socket.onerror = () => undefined;
    return socket;
  }

  private receive(data: unknown): void {
    if (typeof data !== 'string') return;
    let frame;
    try {
      frame = decodeServerFrame(data);
    } catch {
      this.socket?.close(1002, 'malformed frame');
      return;
    }
    if (frame.kind === 'control') {
      const stream = this.streams.get(frame.control.id);
      stream?.control(frame.control);
      if (frame.control.type !== 'open') this.forget(frame.control.id);
      return;
    }
    const stream = this.streams.get(frame.id);
    if (!stream) return;
    try {
      stream.push(frame.lines.map((l) => JSON.parse(l) as WatchEvent<KubeObject>));
    } catch {
      stream.finish(networkError('the cluster sent a watch event that is not JSON'));
      this.cancel(frame.id);
    }
  }

  private forget(id: number): void {
    this.streams.delete(id);
    this.scheduleIdleClose();
  }

  private drop(err: KubeApiError): void {
    for (const stream of this.streams.values()) stream.finish(err);
    this.streams.clear();
  }

  private scheduleIdleClose(): void {
    if (this.streams.size > 0) return;
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => {
      if (this.streams.size > 0 || !this.socket) return;
      const s = this.socket;
      this.socket = undefined;
      s.close(1000, 'idle');
    }, this.opts.idleCloseMs ?? 30_000);
  }
}

/**
 * Watches spread over as many muxed sockets as they need, each filled up to the BFF's limit
 * before the next opens: the VM list of a 500-site fleet watches 1,000 collections.
 */
export class WatchMuxPool {
  private readonly muxes: WatchMux[] = [];

  constructor(
    private readonly opts: WatchMuxOptions = {},
    private readonly perSocket = MAX_WATCHES_PER_SOCKET,
  ) {}

  readonly open: WatchOpener = (req: WatchRequest) => {
    let mux = this.muxes.find((m) => m.size < this.perSocket);
    if (!mux) {
      mux = new WatchMux(this.opts);
      this.muxes.push(mux);
    }
    return mux.open(req);
  };

  /** Closes every socket and fails every watch (sign-out, tests). */
  close(): void {
    for (const m of this.muxes) m.close();
  }
}
