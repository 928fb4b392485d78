/**
 * A budget of concurrent streaming watches. Browsers open at most 6 HTTP/1.1 connections per
 * origin, and every open watch stream holds one: past the budget, page loads and API calls
 * would queue behind the streams forever. Watchers without a slot poll instead (and say so).
 */
export class StreamSlots {
  private used = 0;
  private readonly waiters = new Set<() => void>();

  constructor(readonly capacity: number) {}

  /** Takes a slot if one is free. */
  tryAcquire(): boolean {
    if (this.used >= this.capacity) return false;
    this.used += 1;
    return true;
  }

  /** Gives a slot back and wakes pollers so one of them can upgrade to streaming. */
  release(): void {
    this.used = Math.max(0, this.used - 1);
    for (const wake of [...this.waiters]) wake();
  }

  /** Calls `cb` the next time a slot frees; returns the unsubscribe function. */
  onFree(cb: () => void): () => void {
    this.waiters.add(cb);
    return () => this.waiters.delete(cb);
  }

  get inUse(): number {
    return this.used;
  }
}

/**
 * The page-wide budget: 6 connections per origin, minus 2 kept free for navigation, API calls
 * and mutations.
 */
export const browserStreamSlots = new StreamSlots(4);
