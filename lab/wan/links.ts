/** What a WAN link between two lab sites does to traffic: the admin API's per-link faults. */
export interface LinkParams {
  /** Bytes per second each way; 0 = unlimited (loopback speed). */
  bandwidthBytesPerSec: number;
  /** One-way delay added to every segment. */
  latencyMs: number;
  /** Up to this much extra one-way delay, uniformly drawn per segment. */
  jitterMs: number;
  /** Share of segments lost and retransmitted, 0..100. */
  lossPercent: number;
}

export const OPEN_LINK: LinkParams = { bandwidthBytesPerSec: 0, latencyMs: 0, jitterMs: 0, lossPercent: 0 };

/** TCP's retransmission timeout floor (RFC 6298 says 1 s, Linux uses 200 ms). */
export const RTO_MS = 200;
const MSS = 1460;

function pairKey(a: string, b: string): string {
  return [a, b].sort().join('|');
}

/** The links between the lab's sites, symmetric; a pair nobody configured is an open link. */
export class LinkTable {
  private readonly links = new Map<string, LinkParams>();

  get(a: string, b: string): LinkParams {
    return this.links.get(pairKey(a, b)) ?? OPEN_LINK;
  }

  set(a: string, b: string, p: Partial<LinkParams>): LinkParams {
    const next = { ...OPEN_LINK, ...p };
    this.links.set(pairKey(a, b), next);
    return next;
  }

  clear(a: string, b: string): void {
    this.links.delete(pairKey(a, b));
  }

  /** Every configured link, for the admin API. */
  list(): { sites: [string, string]; link: LinkParams }[] {
    return [...this.links].map(([k, link]) => ({ sites: k.split('|') as [string, string], link }));
  }
}

/**
 * The rate one TCP stream reaches over a link: its bandwidth, capped under loss by the Mathis
 * bound (MSS / RTT × 1.22 / √p). Used by the pre-copy model when no real QEMU stream runs.
 */
export function streamThroughput(p: LinkParams, unlimited: number): number {
  const bw = p.bandwidthBytesPerSec > 0 ? p.bandwidthBytesPerSec : unlimited;
  const loss = p.lossPercent / 100;
  if (loss <= 0) return bw;
  const rttSec = Math.max(2 * (p.latencyMs + p.jitterMs / 2), 1) / 1000;
  return Math.min(bw, (MSS / rttSec) * (1.22 / Math.sqrt(loss)));
}

/** Checks an admin API body; throws with the field at fault. */
export function validLink(v: unknown): Partial<LinkParams> {
  if (!v || typeof v !== 'object') throw new Error('body must be a JSON object');
  const b = v as Record<string, unknown>;
  const out: Partial<LinkParams> = {};
  for (const k of ['bandwidthBytesPerSec', 'latencyMs', 'jitterMs', 'lossPercent'] as const) {
    if (b[k] === undefined) continue;
    if (typeof b[k] !== 'number' || !Number.isFinite(b[k]) || (b[k] as number) < 0)
      throw new Error(`${k} must be a non-negative number`);
    out[k] = b[k] as number;
  }
  if ((out.lossPercent ?? 0) > 100) throw new Error('lossPercent must be at most 100');
  return out;
}
