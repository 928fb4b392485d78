import { HttpStatusError } from '../http/status';

/** Counts open console sessions per user and refuses the one over the limit. */
export class ConsoleLimiter {
  private readonly open = new Map<string, number>();

  constructor(private readonly max: number) {}

  /** Takes a slot or throws 429; the returned release is idempotent. */
  acquire(user: string): () => void {
    const n = this.open.get(user) ?? 0;
    if (n >= this.max)
      throw new HttpStatusError(
        429,
        'TooManyRequests',
        `at most ${this.max} consoles may be open at once per user`,
      );
    this.open.set(user, n + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.open.get(user) ?? 1) - 1;
      if (left <= 0) this.open.delete(user);
      else this.open.set(user, left);
    };
  }

  count(user: string): number {
    return this.open.get(user) ?? 0;
  }

  /** Open consoles of every user together (for the metrics). */
  total(): number {
    let n = 0;
    for (const v of this.open.values()) n += v;
    return n;
  }
}
