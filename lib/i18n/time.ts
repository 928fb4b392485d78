/** Pure time-distance helpers that pick an i18n key (namespace `common`) and a count. */
export interface TimeParts {
  key: string;
  count: number;
}

const S = 1000;
const M = 60 * S;
const H = 60 * M;
const D = 24 * H;

/** "updated … ago" wording for an elapsed time in ms (negative clock skew counts as now). */
export function agoParts(elapsedMs: number): TimeParts {
  const ms = Math.max(0, elapsedMs);
  if (ms < 2 * S) return { key: 'time.justNow', count: 0 };
  if (ms < M) return { key: 'time.secondsAgo', count: Math.floor(ms / S) };
  if (ms < H) return { key: 'time.minutesAgo', count: Math.floor(ms / M) };
  if (ms < D) return { key: 'time.hoursAgo', count: Math.floor(ms / H) };
  return { key: 'time.daysAgo', count: Math.floor(ms / D) };
}

/** Compact age like kubectl's AGE column (`45s`, `12m`, `5h`, `3d`). */
export function ageParts(createdIso: string | undefined, now: number): TimeParts | undefined {
  if (!createdIso) return undefined;
  const created = Date.parse(createdIso);
  if (Number.isNaN(created)) return undefined;
  const ms = Math.max(0, now - created);
  if (ms < M) return { key: 'age.seconds', count: Math.floor(ms / S) };
  if (ms < H) return { key: 'age.minutes', count: Math.floor(ms / M) };
  if (ms < D) return { key: 'age.hours', count: Math.floor(ms / H) };
  return { key: 'age.days', count: Math.floor(ms / D) };
}
