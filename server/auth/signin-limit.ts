import { RateLimiterMemory } from 'rate-limiter-flexible';
import { HttpStatusError } from '../http/status';

/**
 * Failed sign-ins per client address and minute. Each try costs the sites a token review, so a
 * guesser is refused with 429 before any site is asked. Counts live in this process: behind
 * several replicas the limit holds per replica.
 */
export class SignInLimiter {
  private readonly failures: RateLimiterMemory;

  constructor(perMinute: number) {
    this.failures = new RateLimiterMemory({ points: perMinute, duration: 60 });
  }

  /** Throws 429 (with the wait) when this address has no failed tries left. */
  async check(address: string): Promise<void> {
    const used = await this.failures.get(address);
    if (used && used.remainingPoints <= 0) {
      const wait = Math.max(1, Math.ceil(used.msBeforeNext / 1000));
      throw new HttpStatusError(429, 'TooManyRequests', `too many failed sign-ins from this address; try again in ${wait} s`);
    }
  }

  /** Counts one failed try. */
  async failed(address: string): Promise<void> {
    await this.failures.consume(address).catch(() => undefined);
  }
}
