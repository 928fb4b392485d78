/**
 * Throughput and time left of a transfer from (time, bytes) samples over a sliding window, so a
 * stall shows as a falling rate instead of a frozen one.
 */
export interface RateSample {
  at: number;
  bytes: number;
}

const WINDOW_MS = 5000;

export class RateMeter {
  private samples: RateSample[] = [];

  add(at: number, bytes: number): void {
    const last = this.samples.at(-1);
    // A restart from zero (a new attempt) starts a new window.
    if (last && bytes < last.bytes) this.samples = [];
    this.samples.push({ at, bytes });
    while (this.samples.length > 2 && (this.samples[0]?.at ?? at) < at - WINDOW_MS) this.samples.shift();
  }

  /** Bytes per second over the window, or undefined before two samples. */
  rate(now: number): number | undefined {
    const first = this.samples[0];
    const last = this.samples.at(-1);
    if (!first || !last || last === first) return undefined;
    const span = Math.max(now, last.at) - first.at;
    return span > 0 ? (last.bytes - first.bytes) / (span / 1000) : undefined;
  }

  /** Seconds left to reach `total` at the current rate. */
  etaSeconds(total: number, now: number): number | undefined {
    const r = this.rate(now);
    const last = this.samples.at(-1);
    if (!r || !last || r <= 0) return undefined;
    return Math.max(0, (total - last.bytes) / r);
  }
}
