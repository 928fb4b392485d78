/**
 * The browser's side of the fleet summary stream (`FLEET_STREAM_PATH`), for screens that run
 * unattended: the last frame is kept through any outage, a dropped or silent stream reconnects
 * with backoff and says since when, and a refusal (a revoked display link, a signed-out user)
 * drops the data and is retried slowly. `fetch` + eventsource-parser rather than EventSource,
 * which hides the status of a refusal and retries it forever at the server's pace.
 */
import { createParser, type EventSourceMessage } from 'eventsource-parser';
import type { FleetFrame, SiteSummary } from '../api/fleet';
import { ReconnectPolicy } from '../backoff';

export type FeedConnection =
  | { kind: 'connecting'; since: number }
  | { kind: 'live'; since: number }
  /** The stream is gone; the data shown is the last frame. */
  | { kind: 'reconnecting'; since: number; reason: string }
  /** The server refused the caller (401/403) or ended the grant: no data is shown. */
  | { kind: 'refused'; since: number; status: number; message: string };

export interface FeedState {
  /** Latest summary per site, by site name. */
  sites: ReadonlyMap<string, SiteSummary>;
  /** Console version of the last frame. */
  version: string | undefined;
  /** Client time of the last frame or keepalive proving the stream current; null before any. */
  lastUpdateAt: number | null;
  connection: FeedConnection;
}

export interface FleetFeedOptions {
  /** A stream that sends nothing (not even its 2 s keepalive) for this long is reopened. */
  silenceMs?: number;
  /** Delay before retrying a refusal. */
  refusedRetryMs?: number;
  fetch?: typeof fetch;
  now?: () => number;
}

/** Status and message of a refused stream (the server's Kubernetes Status). */
async function refusal(res: Response): Promise<string> {
  try {
    const body = (await res.json()) as { message?: string };
    return body.message ?? res.statusText;
  } catch {
    return res.statusText;
  }
}

export class FleetFeed {
  private state: FeedState;
  private readonly listeners = new Set<() => void>();
  private readonly policy = new ReconnectPolicy();
  private abort: AbortController | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private silence: ReturnType<typeof setTimeout> | undefined;
  private stopped = true;
  private readonly silenceMs: number;
  private readonly refusedRetryMs: number;
  private readonly fetchFn: typeof fetch;
  private readonly now: () => number;

  constructor(
    private readonly url: string,
    opts: FleetFeedOptions = {},
  ) {
    this.silenceMs = opts.silenceMs ?? 10_000;
    this.refusedRetryMs = opts.refusedRetryMs ?? 30_000;
    this.fetchFn = opts.fetch ?? ((input, init) => fetch(input, init));
    this.now = opts.now ?? Date.now;
    this.state = {
      sites: new Map(),
      version: undefined,
      lastUpdateAt: null,
      connection: { kind: 'connecting', since: this.now() },
    };
  }

  getState = (): FeedState => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    void this.connect();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    clearTimeout(this.silence);
    this.abort?.abort();
  }

  private set(next: Partial<FeedState>): void {
    this.state = { ...this.state, ...next };
    for (const l of this.listeners) l();
  }

  private async connect(): Promise<void> {
    const abort = new AbortController();
    this.abort = abort;
    try {
      const res = await this.fetchFn(this.url, {
        headers: { accept: 'text/event-stream' },
        cache: 'no-store',
        credentials: 'same-origin',
        signal: abort.signal,
      });
      if (res.status === 401 || res.status === 403) return this.refused(res.status, await refusal(res));
      if (res.status !== 200 || !res.body) throw new Error(`the stream answered ${res.status}`);
      await this.read(res.body, abort);
      if (!this.stopped && this.state.connection.kind !== 'refused') this.lost('the stream ended');
    } catch (err) {
      if (!this.stopped && !(abort.signal.aborted && this.state.connection.kind === 'refused'))
        this.lost(err instanceof Error ? err.message : String(err));
    }
  }

  private async read(body: ReadableStream<Uint8Array>, abort: AbortController): Promise<void> {
    const parser = createParser({ onEvent: (e) => this.onEvent(e), onComment: () => this.alive() });
    const reader = body.getReader();
    const decoder = new TextDecoder();
    abort.signal.addEventListener('abort', () => void reader.cancel().catch(() => undefined));
    this.armSilence(abort);
    for (;;) {
      const { done, value } = await reader.read();
      if (done || abort.signal.aborted) return;
      this.armSilence(abort);
      parser.feed(decoder.decode(value, { stream: true }));
    }
  }

  /** Reopens a stream that went quiet (a half-open connection after a network cut). */
  private armSilence(abort: AbortController): void {
    clearTimeout(this.silence);
    this.silence = setTimeout(() => abort.abort(), this.silenceMs);
  }

  private alive(): void {
    if (this.state.connection.kind === 'live') this.set({ lastUpdateAt: this.now() });
  }

  private onEvent(e: EventSourceMessage): void {
    if (e.event === 'end') {
      const reason = (JSON.parse(e.data) as { reason?: string }).reason ?? 'ended';
      this.refused(401, reason);
      return;
    }
    if (e.event !== 'snapshot' && e.event !== 'update') return;
    const frame = JSON.parse(e.data) as FleetFrame;
    const sites = new Map(e.event === 'snapshot' ? [] : this.state.sites);
    for (const s of frame.sites) sites.set(s.site, s);
    const now = this.now();
    this.policy.connected(now);
    const connection =
      this.state.connection.kind === 'live' ? this.state.connection : { kind: 'live' as const, since: now };
    this.set({ sites, version: frame.version, lastUpdateAt: now, connection });
  }

  private lost(reason: string): void {
    clearTimeout(this.silence);
    const c = this.state.connection;
    // "Reconnecting since" counts from the first failure, not from the latest attempt.
    const since = c.kind === 'reconnecting' ? c.since : this.now();
    this.set({ connection: { kind: 'reconnecting', since, reason } });
    this.schedule(this.policy.failed(this.now()) ?? 15_000);
  }

  private refused(status: number, message: string): void {
    clearTimeout(this.silence);
    this.abort?.abort();
    const c = this.state.connection;
    const since = c.kind === 'refused' ? c.since : this.now();
    this.set({
      sites: new Map(),
      lastUpdateAt: null,
      connection: { kind: 'refused', since, status, message },
    });
    this.schedule(this.refusedRetryMs);
  }

  private schedule(ms: number): void {
    clearTimeout(this.timer);
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.connect(), ms);
  }
}
