/**
 * A small piece of state that every replica must see (revocations, display links): one JSON
 * file on a volume the replicas share, replaced atomically on write (temp file + rename, mode
 * 0600) and re-read by every process when its mtime changes. Without a file the state lives in
 * this process only. Reads stat the file at most once per `recheckMs`, so a revocation made by
 * another replica holds here within that time.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export class SharedJsonFile<T> {
  private value: T;
  private mtimeMs = -1;
  private checkedAt = 0;

  constructor(
    readonly file: string | undefined,
    empty: T,
    private readonly recheckMs = 500,
  ) {
    this.value = empty;
  }

  read(): T {
    if (!this.file) return this.value;
    const now = Date.now();
    if (now - this.checkedAt < this.recheckMs) return this.value;
    this.checkedAt = now;
    if (!existsSync(this.file)) return this.value;
    const mtime = statSync(this.file).mtimeMs;
    if (mtime !== this.mtimeMs) {
      this.value = JSON.parse(readFileSync(this.file, 'utf8')) as T;
      this.mtimeMs = mtime;
    }
    return this.value;
  }

  /** Reads the newest state (no recheck delay), applies `change` and writes the result. */
  update(change: (current: T) => T): T {
    this.checkedAt = 0;
    const next = change(this.read());
    this.value = next;
    if (!this.file) return next;
    mkdirSync(dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(next, null, 1), { mode: 0o600 });
    renameSync(tmp, this.file);
    this.mtimeMs = statSync(this.file).mtimeMs;
    this.checkedAt = Date.now();
    return next;
  }
}
