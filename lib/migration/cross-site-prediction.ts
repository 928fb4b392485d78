/**
 * How long a pre-copy live migration between two sites takes, from the VM's memory and dirty
 * rate and the link's measured bandwidth and round-trip time: the first pass sends all of
 * memory, every later pass re-sends what the guest dirtied meanwhile, until what is left fits in
 * the allowed downtime. A guest dirtying memory as fast as the link carries it never converges.
 */
export interface LinkMeasure {
  bandwidthBytesPerSec: number;
  /** 0 when unknown. */
  rttMs: number;
  /** The round trip is the console's estimate (console→source + console→target). */
  rttEstimated?: boolean;
}

export interface PredictionInput {
  memoryBytes: number;
  dirtyRateBytesPerSec: number;
  link: LinkMeasure;
  /** Allowed downtime at switch-over, ms (300 when absent). */
  maxDowntimeMs?: number;
  /** Seconds after which KubeVirt aborts: completionTimeoutPerGiB × GiB (at least 1 GiB). */
  completionTimeoutSec: number;
}

/** `ok`: fine; `slowRtt`: works but above the seed's 50 ms; `tooSlow`: aborted by the timeout; `neverConverges`. */
export type PredictionVerdict = 'ok' | 'slowRtt' | 'tooSlow' | 'neverConverges';

export interface Prediction {
  verdict: PredictionVerdict;
  /** Predicted seconds, undefined when it never converges. */
  durationSec?: number;
  passes: number;
  bytesSent: number;
}

/** The seed guide's ceiling for a cross-site round trip. */
export const RECOMMENDED_RTT_MS = 50;
const MAX_PASSES = 30;

export function predictCrossSite(p: PredictionInput): Prediction {
  const bw = p.link.bandwidthBytesPerSec;
  const downtimeBytes = (bw * (p.maxDowntimeMs ?? 300)) / 1000;
  if (bw <= 0 || p.dirtyRateBytesPerSec >= bw) return { verdict: 'neverConverges', passes: 0, bytesSent: 0 };
  let remaining = p.memoryBytes;
  let sec = 0;
  let sent = 0;
  let passes = 0;
  while (remaining > downtimeBytes && passes < MAX_PASSES) {
    const t = remaining / bw + p.link.rttMs / 1000;
    sec += t;
    sent += remaining;
    passes++;
    remaining = Math.min(p.memoryBytes, p.dirtyRateBytesPerSec * t);
  }
  if (remaining > downtimeBytes) return { verdict: 'neverConverges', passes, bytesSent: sent };
  sec += remaining / bw;
  sent += remaining;
  const verdict: PredictionVerdict =
    sec > p.completionTimeoutSec ? 'tooSlow' : p.link.rttMs > RECOMMENDED_RTT_MS ? 'slowRtt' : 'ok';
  return { verdict, durationSec: sec, passes, bytesSent: sent };
}
