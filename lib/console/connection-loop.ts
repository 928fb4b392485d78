import { ReconnectPolicy } from '../backoff';
import { CLOSE_LINK_EXPIRED, CLOSE_SERIAL_TAKEN_OVER, type ConsoleProbe } from '../api/console';
import { CLOSE_SESSION_EXPIRED } from '../api/session';
import { isTerminal, reasonFromProbe, type ConsoleStatus, type DisconnectReason } from './console-status';

/** How one attempt ended. `wasOpen` tells a dropped session from a refused one. */
export interface CloseInfo {
  wasOpen: boolean;
  code: number;
  reason: string;
}

/** One live or pending connection attempt, owned by the loop. */
export interface Attempt {
  close(): void;
}

export interface AttemptCallbacks {
  opened(): void;
  closed(info: CloseInfo): void;
}

export interface ConnectionLoopHooks {
  /** Starts one attempt; must call `opened` and then `closed` exactly once each at most. */
  open(preserveSession: boolean, cb: AttemptCallbacks): Attempt;
  /** Asks the server why a connection failed (session in use, forbidden, VM not running…). */
  probe(): Promise<ConsoleProbe>;
  onStatus(status: ConsoleStatus): void;
  now?(): number;
}

/** Close codes the backend sends when a console's grant ends, read without a probe round trip. */
const CLOSE_CODES: Record<number, DisconnectReason> = {
  [CLOSE_SESSION_EXPIRED]: 'unauthorized',
  [CLOSE_LINK_EXPIRED]: 'expired',
  [CLOSE_SERIAL_TAKEN_OVER]: 'inUse',
};

/** Reason read from a close frame, when the server stated one. */
export function reasonFromClose(info: CloseInfo): DisconnectReason | undefined {
  const byCode = CLOSE_CODES[info.code];
  if (byCode) return byCode;
  if (/active vnc connection/i.test(info.reason)) return 'inUse';
  return undefined;
}

/**
 * Keeps a console connected: reconnects with backoff after drops, asks the server why a
 * connection failed, and stops (waiting for the user) when retrying cannot help, e.g. when
 * another viewer holds the session. Framework-free so it can be tested with fake timers.
 */
export class ConnectionLoop {
  private attempt: Attempt | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private generation = 0;
  private stopped = true;

  constructor(
    private readonly hooks: ConnectionLoopHooks,
    private readonly policy: ReconnectPolicy = new ReconnectPolicy(),
  ) {}

  /** Connects (again). `preserveSession: false` takes the session over from another viewer. */
  start(preserveSession = true): void {
    this.cancel();
    this.stopped = false;
    this.policy.reset();
    this.connect(preserveSession);
  }

  /** Disconnects on the user's request; no reconnect follows. */
  stop(): void {
    this.cancel();
    this.stopped = true;
    this.hooks.onStatus({ state: 'disconnected', reason: 'user' });
  }

  /** Consecutive failures since the last stable connection. */
  get failures(): number {
    return this.policy.attempt;
  }

  private now(): number {
    return this.hooks.now ? this.hooks.now() : Date.now();
  }

  private cancel(): void {
    this.generation++;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const a = this.attempt;
    this.attempt = undefined;
    a?.close();
  }

  private connect(preserveSession: boolean): void {
    const gen = ++this.generation;
    this.hooks.onStatus({ state: 'connecting', attempt: this.policy.attempt });
    this.attempt = this.hooks.open(preserveSession, {
      opened: () => {
        if (gen !== this.generation) return;
        this.policy.connected(this.now());
        this.hooks.onStatus({ state: 'connected', since: this.now() });
      },
      closed: (info) => {
        if (gen !== this.generation) return;
        this.attempt = undefined;
        void this.afterClose(gen, info);
      },
    });
  }

  private async afterClose(gen: number, info: CloseInfo): Promise<void> {
    let reason = reasonFromClose(info);
    let detail: string | undefined = info.reason || undefined;
    if (!reason) {
      const probe = await this.hooks.probe();
      if (gen !== this.generation || this.stopped) return;
      reason = reasonFromProbe(probe);
      detail = probe.message ?? detail;
    }
    if (isTerminal(reason)) {
      this.hooks.onStatus({ state: 'disconnected', reason, detail });
      return;
    }
    const delay = this.policy.failed(this.now());
    if (delay === undefined) {
      this.hooks.onStatus({ state: 'disconnected', reason, detail });
      return;
    }
    this.hooks.onStatus({ state: 'disconnected', reason, detail, retryAt: this.now() + delay });
    this.timer = setTimeout(() => {
      if (gen !== this.generation) return;
      this.timer = undefined;
      this.connect(true);
    }, delay);
  }
}
