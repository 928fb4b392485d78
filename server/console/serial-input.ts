/**
 * Keyboard input of a shared serial line, browser → cluster: a per-browser rate limit (a large
 * paste into a 115200-baud line must not flood the guest or the process: a guest echoes every
 * character) and a cap on bytes handed to the upstream socket but not yet written. Both hold
 * back by pausing the browser's socket, so TCP carries the backpressure to the browser.
 */
import type { WebSocket } from 'ws';

/** Why a browser's input is held back; its socket is read only while no reason holds. */
export type HoldReason = 'rate' | 'upstream' | 'handover';

/** Pauses and resumes one browser socket for several independent reasons. */
export class InputGate {
  private readonly holds = new Set<HoldReason>();

  constructor(private readonly ws: WebSocket) {}

  set(reason: HoldReason, on: boolean): void {
    const before = this.holds.size;
    if (on) this.holds.add(reason);
    else this.holds.delete(reason);
    if (before === 0 && this.holds.size > 0) this.ws.pause();
    else if (before > 0 && this.holds.size === 0) this.ws.resume();
  }
}

/** Input a browser may send per second; bursts up to one second's worth. */
export const DEFAULT_SERIAL_INPUT_BYTES_PER_SECOND = 32 * 1024;
/** Bytes queued on the upstream socket above which every browser's input is paused. */
export const DEFAULT_SERIAL_INPUT_HIGH_WATER = 256 * 1024;

/**
 * A token bucket for one browser's input. Pausing the socket stops further reads, but frames
 * already read still arrive: those wait in a queue here and leave as the bucket refills, sliced
 * so that one huge paste frame leaves at the same steady rate.
 */
export class InputRate {
  private tokens: number;
  private last = Date.now();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly queue: Buffer[] = [];

  constructor(
    private readonly gate: InputGate,
    private readonly bytesPerSecond: number,
    private readonly deliver: (data: Buffer) => void,
  ) {
    this.tokens = bytesPerSecond;
  }

  /** Input from the browser: delivered now when the bucket allows, else queued. */
  push(data: Buffer): void {
    this.queue.push(data);
    this.drain();
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.queue.length = 0;
  }

  private drain(): void {
    const now = Date.now();
    this.tokens = Math.min(this.bytesPerSecond, this.tokens + ((now - this.last) / 1000) * this.bytesPerSecond);
    this.last = now;
    while (this.queue.length && this.tokens >= 1) {
      const head = this.queue[0]!;
      const n = Math.min(head.length, Math.floor(this.tokens));
      this.tokens -= n;
      if (n === head.length) this.queue.shift();
      else this.queue[0] = head.subarray(n);
      this.deliver(n === head.length ? head : head.subarray(0, n));
    }
    const waiting = this.queue.length > 0;
    this.gate.set('rate', waiting);
    if (waiting && !this.timer) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.drain();
      }, 50);
      this.timer.unref?.();
    }
  }
}

/** Bytes handed to one upstream socket whose write has not completed yet (one per upstream). */
export class InFlight {
  private bytes = 0;
  private paused = false;

  constructor(
    private readonly highWater: number,
    private readonly onPause: (paused: boolean) => void,
  ) {}

  /** Sends `data` on `up`, pausing input while too much is unwritten. */
  send(up: WebSocket, data: Buffer): void {
    this.bytes += data.length;
    up.send(data, { binary: true }, () => {
      this.bytes -= data.length;
      if (this.paused && this.bytes <= this.highWater / 4) this.set(false);
    });
    if (!this.paused && this.bytes > this.highWater) this.set(true);
  }

  get isPaused(): boolean {
    return this.paused;
  }

  private set(paused: boolean): void {
    this.paused = paused;
    this.onPause(paused);
  }
}
