/**
 * The session core both consoles share: the reconnect loop, the throughput and round-trip
 * meters, and the RTT ping while connected. The VNC and serial sessions supply only how one
 * attempt opens a socket and what it does with the bytes.
 */
import type { ConsoleProbe } from '../api/console';
import { ConnectionLoop, type Attempt, type AttemptCallbacks } from './connection-loop';
import type { ConsoleStatus } from './console-status';
import { RttMeter, ThroughputMeter } from './meters';

/** How a console reaches its server, apart from the socket itself. */
export interface ConsoleWire {
  /** Asks the server why a connection failed. */
  probe(): Promise<ConsoleProbe>;
  /** Same-origin URL timed for the RTT figure; undefined = no RTT. */
  pingUrl?: string;
  measureRtt?(url: string): Promise<number | undefined>;
  onStatus(status: ConsoleStatus): void;
}

export interface ConsoleConnectionOptions extends ConsoleWire {
  /** Opens one attempt (see ConnectionLoopHooks.open). */
  open(preserveSession: boolean, cb: AttemptCallbacks): Attempt;
}

const PING_MS = 5_000;

export class ConsoleConnection {
  readonly rx = new ThroughputMeter();
  readonly rtt = new RttMeter();
  private readonly loop: ConnectionLoop;
  private pingTimer: ReturnType<typeof setInterval> | undefined;

  constructor(private readonly opts: ConsoleConnectionOptions) {
    this.loop = new ConnectionLoop({
      open: (preserve, cb) => opts.open(preserve, cb),
      probe: () => opts.probe(),
      onStatus: (s) => {
        if (s.state === 'connected') this.startPing();
        else this.stopPing();
        opts.onStatus(s);
      },
    });
  }

  /** Connects (again); `preserveSession: false` takes the session over from another viewer. */
  connect(preserveSession = true): void {
    this.loop.start(preserveSession);
  }

  disconnect(): void {
    this.loop.stop();
    this.stopPing();
  }

  /** Counts bytes received, for the throughput figure. */
  received(bytes: number): void {
    this.rx.add(bytes, performance.now());
  }

  private startPing(): void {
    const { pingUrl, measureRtt } = this.opts;
    if (!pingUrl || !measureRtt || this.pingTimer) return;
    const tick = () => void measureRtt(pingUrl).then((ms) => ms !== undefined && this.rtt.sample(ms));
    tick();
    this.pingTimer = setInterval(tick, PING_MS);
  }

  private stopPing(): void {
    if (this.pingTimer) clearInterval(this.pingTimer);
    this.pingTimer = undefined;
  }
}
