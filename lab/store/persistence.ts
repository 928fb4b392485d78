import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ObjectStore } from './object-store';

/** Loads a snapshot written by `persist` into an empty store; false when there is none. */
export function loadSnapshot(store: ObjectStore, file: string): boolean {
  if (!existsSync(file)) return false;
  store.restore(JSON.parse(readFileSync(file, 'utf8')));
  return true;
}

/** Writes the store atomically (temp file + rename) so a crash never leaves half a snapshot. */
export function writeSnapshot(store: ObjectStore, file: string): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.tmp`;
  // Snapshots hold Secrets: owner-only, like lab.json.
  writeFileSync(tmp, JSON.stringify(store.snapshot()), { mode: 0o600 });
  renameSync(tmp, file);
}

/**
 * Keeps `file` in step with the store: every change schedules one write after `debounceMs`,
 * so a burst of 10,000 creates costs one snapshot. Returns a flush-and-stop function.
 */
export function persist(store: ObjectStore, file: string, debounceMs = 500): () => void {
  let timer: NodeJS.Timeout | undefined;
  const flush = () => {
    timer = undefined;
    writeSnapshot(store, file);
  };
  const unsubscribe = store.watch(null, Number(store.resourceVersion()), () => {
    timer ??= setTimeout(flush, debounceMs);
  });
  return () => {
    unsubscribe();
    if (timer) {
      clearTimeout(timer);
      flush();
    }
  };
}
