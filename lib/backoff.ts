/**
 * Reconnect policy for consoles on flaky WAN links: exponential backoff with full jitter, so a
 * fleet of viewers does not reconnect in lock-step after an API server restart, and a reset
 * after the connection proved stable, so one blip an hour later starts from the short delay.
 */
export interface BackoffOptions {
  /** First delay, ms. */
  initialMs: number;
  /** Upper bound of any delay, ms. */
  maxMs: number;
  /** Growth per attempt. */
  factor: number;
  /** 0 = no jitter, 1 = full jitter (delay uniformly in [0, cap]). */
  jitter: number;
  /** A connection that stayed up this long resets the attempt counter. */
  stableAfterMs: number;
  /** Give up after this many consecutive failures (Infinity = never). */
  maxAttempts: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = {
  initialMs: 500,
  maxMs: 15_000,
  factor: 2,
  jitter: 0.5,
  stableAfterMs: 10_000,
  maxAttempts: Infinity,
};

/** Delay before reconnect attempt `attempt` (0-based); `random` in [0,1) makes it testable. */
export function backoffDelay(attempt: number, opts: BackoffOptions = DEFAULT_BACKOFF, random: number = Math.random()): number {
  const cap = Math.min(opts.maxMs, opts.initialMs * Math.pow(opts.factor, Math.max(0, attempt)));
  const jitter = Math.min(1, Math.max(0, opts.jitter));
  return Math.round(cap * (1 - jitter) + cap * jitter * random);
}

/** Tracks consecutive failures of one console connection. Pure apart from the clock it is given. */
export class ReconnectPolicy {
  private attempts = 0;
  private connectedAt: number | undefined;

  constructor(
    private readonly opts: BackoffOptions = DEFAULT_BACKOFF,
    private readonly random: () => number = Math.random,
  ) {}

  /** Call when a connection opened. */
  connected(now: number): void {
    this.connectedAt = now;
  }

  /**
   * Call when a connection ended or failed. Returns the delay before the next attempt, or
   * `undefined` when the policy gives up.
   */
  failed(now: number): number | undefined {
    if (this.connectedAt !== undefined && now - this.connectedAt >= this.opts.stableAfterMs) this.attempts = 0;
    this.connectedAt = undefined;
    if (this.attempts >= this.opts.maxAttempts) return undefined;
    const delay = backoffDelay(this.attempts, this.opts, this.random());
    this.attempts += 1;
    return delay;
  }

  /** Consecutive failed attempts so far. */
  get attempt(): number {
    return this.attempts;
  }

  /** Forget failures, e.g. after the user pressed "reconnect". */
  reset(): void {
    this.attempts = 0;
    this.connectedAt = undefined;
  }
}
