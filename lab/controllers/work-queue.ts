import { StatusError } from '../store/status-error';

/** Returns a delay in ms to run again later, or nothing when the object is settled. */
export type ReconcileFn = (key: string) => number | void | Promise<number | void>;

/**
 * A controller work queue: keys are deduplicated, processed one at a time, and re-run after
 * the delay a reconcile asks for. A 409 Conflict (someone else wrote first) retries at once,
 * other errors back off, as client-go's rate-limited queue does.
 */
export class WorkQueue {
  private readonly dirty = new Set<string>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private running = false;
  private stopped = false;

  constructor(
    readonly name: string,
    private readonly reconcile: ReconcileFn,
  ) {}

  add(key: string): void {
    if (this.stopped) return;
    this.dirty.add(key);
    if (!this.running) {
      this.running = true;
      setImmediate(() => void this.drain());
    }
  }

  addAfter(key: string, ms: number): void {
    if (this.stopped) return;
    if (ms <= 0) return this.add(key);
    const existing = this.timers.get(key);
    if (existing) clearTimeout(existing);
    const t = setTimeout(() => {
      this.timers.delete(key);
      this.add(key);
    }, ms);
    t.unref?.();
    this.timers.set(key, t);
  }

  stop(): void {
    this.stopped = true;
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    this.dirty.clear();
  }

  private async drain(): Promise<void> {
    while (this.dirty.size && !this.stopped) {
      const key = this.dirty.values().next().value as string;
      this.dirty.delete(key);
      try {
        const again = await this.reconcile(key);
        if (typeof again === 'number') this.addAfter(key, again);
      } catch (err) {
        if (err instanceof StatusError && err.code === 409) this.addAfter(key, 5);
        else if (err instanceof StatusError && err.code === 404) continue;
        else {
          console.error(`[lab ${this.name}] ${key}:`, err);
          this.addAfter(key, 1000);
        }
      }
    }
    this.running = false;
  }
}

/** `ns/name` key of a namespaced object. */
export const keyOf = (ns: string | undefined, name: string | undefined): string => `${ns ?? ''}/${name ?? ''}`;

/** Splits a key made by `keyOf`. */
export function splitKey(key: string): [string, string] {
  const i = key.indexOf('/');
  return [key.slice(0, i), key.slice(i + 1)];
}
