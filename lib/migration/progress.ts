/**
 * Progress of one live migration from virt-handler's samples, and whether it converges.
 * Pure: the page feeds samples in as they arrive and renders the track that comes out.
 */
import type { MigrationSample } from '../api/migrations';

export interface ProgressPoint {
  /** Backend time of the sample, ms epoch. */
  at: number;
  processed: number;
  remaining: number;
  total: number;
  transferRate: number;
  dirtyRate: number;
}

export interface ProgressTrack {
  /** The last samples, oldest first (at most `MAX_POINTS`). */
  points: ProgressPoint[];
  /** What the bar shows, 0..1: processed ÷ (processed + remaining), smoothed, never lower than before. */
  bar: number;
  /** Remaining grew at the last sample: the guest dirtied memory that is being sent again. */
  recopying: boolean;
  /** Pre-copy passes seen so far (a new one starts each time remaining jumps up). */
  passes: number;
  /** Lowest remaining seen and when it was reached (upstream's notion of progress). */
  lowest: number;
  lowestAt: number;
}

export const MAX_POINTS = 150;
/** Weight of a new sample in the smoothed bar. */
const SMOOTHING = 0.4;
/** Samples over which a rising remaining counts as a trend, not one pass starting. */
export const RISING_SAMPLES = 5;

export function pointOf(s: MigrationSample, at: number): ProgressPoint {
  return {
    at,
    processed: s.processedBytes,
    remaining: s.remainingBytes,
    total: s.totalBytes,
    transferRate: s.transferRate,
    dirtyRate: s.dirtyRate,
  };
}

/** Adds a sample; a repeat of the last sample's time changes nothing. */
export function addPoint(track: ProgressTrack | undefined, p: ProgressPoint): ProgressTrack {
  if (!track) {
    const raw = p.processed + p.remaining > 0 ? p.processed / (p.processed + p.remaining) : 0;
    return { points: [p], bar: raw, recopying: false, passes: 1, lowest: p.remaining, lowestAt: p.at };
  }
  const last = track.points[track.points.length - 1];
  if (last && p.at <= last.at) return track;
  const sum = p.processed + p.remaining;
  const raw = sum > 0 ? p.processed / sum : track.bar;
  const recopying = last !== undefined && p.remaining > last.remaining;
  const wasFalling = track.points.length < 2 || !track.recopying;
  const bar = recopying ? track.bar : Math.max(track.bar, track.bar + SMOOTHING * (raw - track.bar));
  const lower = p.remaining < track.lowest;
  return {
    points: [...track.points, p].slice(-MAX_POINTS),
    bar: Math.min(1, bar),
    recopying,
    passes: track.passes + (recopying && wasFalling ? 1 : 0),
    lowest: lower ? p.remaining : track.lowest,
    lowestAt: lower ? p.at : track.lowestAt,
  };
}

/**
 * Dirtying at this share of the transfer rate or more, pre-copy cannot catch up in practice: each
 * pass leaves ≥ 90 % of the last one to send again, and the measured rates wobble by more than
 * the rest. (QEMU itself throttles a guest from 50 %: its `throttle-trigger-threshold`.)
 */
export const CATCH_UP_RATIO = 0.9;

/** The guest dirties memory (nearly) as fast as it is sent. */
const cannotCatchUp = (p: ProgressPoint) => p.transferRate > 0 && p.dirtyRate >= CATCH_UP_RATIO * p.transferRate;

/** Seconds until done at the net rate (transfer − dirty), or undefined when it does not converge. */
export function etaSeconds(track: ProgressTrack): number | undefined {
  const p = track.points[track.points.length - 1];
  if (!p || p.transferRate <= 0 || cannotCatchUp(p)) return undefined;
  return p.remaining / (p.transferRate - p.dirtyRate);
}

/** The migration options that bound it, from `migrationState.migrationConfiguration`. */
export interface MigrationLimits {
  completionTimeoutPerGiB?: number;
  progressTimeout?: number;
  /** When the transfer began (ms epoch). */
  startedAt?: number;
}

export type StallReason =
  'dirty-exceeds-transfer' | 'remaining-rising' | 'over-memory' | 'completion-timeout' | 'no-progress';

export interface Stall {
  reason: StallReason;
  /** Numbers for the message: seconds, bytes per second, ratios. */
  values: Record<string, number>;
}

const GiB = 2 ** 30;
/** The seed's alert: data migrated beyond 1.5× the VM's memory. */
export const OVER_MEMORY_RATIO = 1.5;
/** "Nears" a timeout: this share of it has passed. */
const NEAR = 0.75;

/** Every reason this migration is not converging, at `now` (ms epoch). */
export function stalls(track: ProgressTrack, limits: MigrationLimits, now: number): Stall[] {
  const pts = track.points;
  const p = pts[pts.length - 1];
  if (!p) return [];
  const out: Stall[] = [];
  const recent = pts.slice(-3);
  if (recent.length === 3 && recent.every(cannotCatchUp)) {
    out.push({ reason: 'dirty-exceeds-transfer', values: { dirty: p.dirtyRate, transfer: p.transferRate } });
  }
  const win = pts.slice(-RISING_SAMPLES);
  const first = win[0];
  if (
    win.length === RISING_SAMPLES &&
    first &&
    p.remaining > first.remaining &&
    Math.min(...win.map((x) => x.remaining)) > track.lowest
  ) {
    out.push({ reason: 'remaining-rising', values: { from: first.remaining, to: p.remaining } });
  }
  if (p.total > 0 && p.processed > OVER_MEMORY_RATIO * p.total) {
    out.push({ reason: 'over-memory', values: { ratio: p.processed / p.total, memory: p.total } });
  }
  if (limits.completionTimeoutPerGiB && limits.startedAt !== undefined && p.total > 0) {
    const limit = limits.completionTimeoutPerGiB * Math.max(1, p.total / GiB);
    const elapsed = (now - limits.startedAt) / 1000;
    if (elapsed >= NEAR * limit)
      out.push({
        reason: 'completion-timeout',
        values: { elapsed: Math.round(elapsed), limit: Math.round(limit) },
      });
  }
  if (limits.progressTimeout) {
    const idle = (now - track.lowestAt) / 1000;
    if (idle >= NEAR * limits.progressTimeout)
      out.push({ reason: 'no-progress', values: { idle: Math.round(idle), limit: limits.progressTimeout } });
  }
  return out;
}
