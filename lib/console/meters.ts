/**
 * Link quality figures for the console status bar: bytes per second over a sliding window,
 * and round-trip time smoothed like TCP's SRTT so one slow sample does not make it jump.
 */
export class ThroughputMeter {
  private samples: Array<{ t: number; bytes: number }> = [];
  private total = 0;

  constructor(private readonly windowMs = 3_000) {}

  /** Records `bytes` transferred at time `now` (ms). */
  add(bytes: number, now: number): void {
    this.samples.push({ t: now, bytes });
    this.total += bytes;
    this.prune(now);
  }

  /** Bytes per second over the window ending at `now`. */
  rate(now: number): number {
    this.prune(now);
    let sum = 0;
    for (const s of this.samples) sum += s.bytes;
    return (sum * 1000) / this.windowMs;
  }

  /** All bytes ever recorded. */
  get totalBytes(): number {
    return this.total;
  }

  private prune(now: number): void {
    const from = now - this.windowMs;
    let drop = 0;
    while (drop < this.samples.length && (this.samples[drop]?.t ?? Infinity) <= from) drop++;
    if (drop) this.samples.splice(0, drop);
  }
}

/** Smoothed round-trip time (RFC 6298 style: SRTT = 7/8 SRTT + 1/8 sample). */
export class RttMeter {
  private srtt: number | undefined;
  private latest: number | undefined;

  /** Adds one measured round trip in ms. */
  sample(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) return;
    this.latest = ms;
    this.srtt = this.srtt === undefined ? ms : this.srtt * 0.875 + ms * 0.125;
  }

  /** Smoothed RTT in ms, undefined before the first sample. */
  get smoothed(): number | undefined {
    return this.srtt;
  }

  get last(): number | undefined {
    return this.latest;
  }

  reset(): void {
    this.srtt = undefined;
    this.latest = undefined;
  }
}

/** "1.2 KB/s"-style figure; units are SI-free binary multiples, as users expect from tools. */
export function formatRate(bytesPerSec: number): string {
  if (bytesPerSec < 1024) return `${Math.round(bytesPerSec)} B/s`;
  if (bytesPerSec < 1024 * 1024) return `${(bytesPerSec / 1024).toFixed(1)} KiB/s`;
  return `${(bytesPerSec / 1024 / 1024).toFixed(2)} MiB/s`;
}
