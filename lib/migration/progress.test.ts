import { describe, expect, it } from 'vitest';
import { addPoint, etaSeconds, stalls, type ProgressPoint, type ProgressTrack } from './progress';

const Mi = 2 ** 20;
const GiB = 2 ** 30;
const pt = (
  sec: number,
  processed: number,
  remaining: number,
  transferRate = 64 * Mi,
  dirtyRate = 0,
  total = GiB,
): ProgressPoint => ({
  at: sec * 1000,
  processed,
  remaining,
  total,
  transferRate,
  dirtyRate,
});
const track = (points: ProgressPoint[]): ProgressTrack =>
  points.reduce<ProgressTrack | undefined>((t, p) => addPoint(t, p), undefined)!;

describe('migration progress track', () => {
  it('moves the bar towards processed ÷ (processed + remaining), smoothed', () => {
    const t = track([pt(0, 0, GiB), pt(1, GiB / 2, GiB / 2)]);
    expect(t.bar).toBeCloseTo(0.2, 5);
    expect(t.recopying).toBe(false);
    expect(
      track([pt(0, 0, GiB), pt(1, GiB / 2, GiB / 2), pt(2, GiB / 2, GiB / 2), pt(3, GiB / 2, GiB / 2)]).bar,
    ).toBeGreaterThan(0.3);
  });
  it('never runs backwards: remaining growing holds the bar and says recopying, and counts a pass', () => {
    const seq = [
      pt(0, 0, GiB),
      pt(1, 600 * Mi, 500 * Mi),
      pt(2, 900 * Mi, 300 * Mi),
      pt(3, 1000 * Mi, 700 * Mi),
      pt(4, 1100 * Mi, 900 * Mi),
      pt(5, 1200 * Mi, 400 * Mi),
    ];
    let t: ProgressTrack | undefined;
    let last = 0;
    const recopying: boolean[] = [];
    for (const p of seq) {
      t = addPoint(t, p);
      expect(t.bar).toBeGreaterThanOrEqual(last);
      last = t.bar;
      recopying.push(t.recopying);
    }
    expect(recopying).toEqual([false, false, false, true, true, false]);
    expect(t!.passes).toBe(2);
  });
  it('ignores a repeated sample time', () => {
    const t = track([pt(0, 0, GiB), pt(1, GiB / 2, GiB / 2)]);
    expect(addPoint(t, pt(1, GiB, 0))).toBe(t);
  });
  it('gives an ETA only while transfer outruns dirtying', () => {
    expect(etaSeconds(track([pt(0, 0, GiB, 64 * Mi, 0)]))).toBe(16);
    expect(etaSeconds(track([pt(0, 0, 640 * Mi, 64 * Mi, 32 * Mi)]))).toBe(20);
    expect(etaSeconds(track([pt(0, 0, GiB, 64 * Mi, 64 * Mi)]))).toBeUndefined();
    // Dirtying at 95 % of the transfer: a 'remaining / net' of 320 s would be a guess, not an ETA.
    expect(etaSeconds(track([pt(0, 0, 160 * Mi, 10 * Mi, 9.5 * Mi)]))).toBeUndefined();
    expect(etaSeconds(track([pt(0, 0, 160 * Mi, 10 * Mi, 8 * Mi)]))).toBe(80);
  });
});

describe('non-convergence', () => {
  const reasons = (t: ProgressTrack, now: number, limits = {}) => stalls(t, limits, now).map((s) => s.reason);
  it('is silent for a converging migration', () => {
    const t = track([0, 1, 2, 3, 4, 5].map((s) => pt(s, s * 64 * Mi, GiB - s * 60 * Mi, 64 * Mi, 4 * Mi)));
    expect(reasons(t, 5000, { completionTimeoutPerGiB: 150, progressTimeout: 150, startedAt: 0 })).toEqual(
      [],
    );
  });
  it('names dirty ≥ 90 % of transfer over three samples', () => {
    // A real QEMU guest measured at dirty ≈ transfer (2.00 vs 2.02 MiB/s): it never converged.
    const even = track([0, 1, 2].map((s) => pt(s, s * 2 * Mi, 4.5 * Mi, 2.02 * Mi, 1.98 * Mi)));
    expect(reasons(even, 2000)).toContain('dirty-exceeds-transfer');
    const below = track([0, 1, 2].map((s) => pt(s, s * 2 * Mi, 4.5 * Mi, 2 * Mi, 1.6 * Mi)));
    expect(reasons(below, 2000)).not.toContain('dirty-exceeds-transfer');
    const t = track([0, 1, 2].map((s) => pt(s, s * 64 * Mi, GiB, 64 * Mi, 70 * Mi)));
    expect(reasons(t, 2000)).toContain('dirty-exceeds-transfer');
    expect(
      reasons(
        track([
          pt(0, 0, GiB, 64 * Mi, 70 * Mi),
          pt(1, 0, GiB, 64 * Mi, 10 * Mi),
          pt(2, 0, GiB, 64 * Mi, 70 * Mi),
        ]),
        2000,
      ),
    ).not.toContain('dirty-exceeds-transfer');
  });
  it('names remaining rising over several samples, not one pass starting', () => {
    const falling = [pt(0, 0, GiB), pt(1, 500 * Mi, 300 * Mi)];
    const rising = [2, 3, 4, 5, 6].map((s) => pt(s, 500 * Mi + s * 64 * Mi, 300 * Mi + s * 20 * Mi));
    expect(reasons(track([...falling, ...rising]), 6000)).toContain('remaining-rising');
    expect(
      reasons(track([...falling, pt(2, 600 * Mi, 500 * Mi), pt(3, 700 * Mi, 200 * Mi)]), 3000),
    ).not.toContain('remaining-rising');
  });
  it('raises the seed alert once processed passes 1.5× memory', () => {
    expect(reasons(track([pt(0, 1.5 * GiB, 100 * Mi)]), 0)).not.toContain('over-memory');
    const s = stalls(track([pt(0, 1.6 * GiB, 100 * Mi)]), {}, 0).find((x) => x.reason === 'over-memory');
    expect(s?.values.ratio).toBeCloseTo(1.6, 5);
  });
  it('warns when the completion timeout nears (completionTimeoutPerGiB × GiB, at least 1 GiB)', () => {
    const t = track([pt(100, GiB, GiB, 64 * Mi, 0, 2 * GiB)]);
    expect(reasons(t, 200_000, { completionTimeoutPerGiB: 150, startedAt: 0 })).toEqual([]);
    expect(stalls(t, { completionTimeoutPerGiB: 150, startedAt: 0 }, 230_000)).toEqual([
      { reason: 'completion-timeout', values: { elapsed: 230, limit: 300 } },
    ]);
  });
  it('warns when no new low of remaining came for most of progressTimeout', () => {
    const t = track([pt(0, 0, GiB), pt(1, 64 * Mi, 900 * Mi), pt(2, 128 * Mi, 950 * Mi)]);
    expect(reasons(t, 100_000, { progressTimeout: 150 })).toEqual([]);
    expect(stalls(t, { progressTimeout: 150 }, 120_000)).toEqual([
      { reason: 'no-progress', values: { idle: 119, limit: 150 } },
    ]);
  });
});

describe('fixes', () => {
  it('a policy for one VM selects its namespace name and kubevirt.io/vm, keeping what was there', async () => {
    const { vmPolicy, suggestedBandwidth } = await import('./fixes');
    const p = vmPolicy('prod', 'db', { bandwidthPerMigration: '96Mi' });
    expect(p).toEqual({
      apiVersion: 'migrations.kubevirt.io/v1alpha1',
      kind: 'MigrationPolicy',
      metadata: { name: 'vm-prod-db' },
      spec: {
        bandwidthPerMigration: '96Mi',
        selectors: {
          namespaceSelector: { 'kubernetes.io/metadata.name': 'prod' },
          virtualMachineInstanceSelector: { 'kubevirt.io/vm': 'db' },
        },
      },
    });
    const q = vmPolicy(
      'prod',
      'db',
      { allowAutoConverge: true },
      { ...p, metadata: { ...p.metadata, resourceVersion: '7' } },
    );
    expect(q.metadata.resourceVersion).toBe('7');
    expect(q.spec).toMatchObject({ bandwidthPerMigration: '96Mi', allowAutoConverge: true });
    expect(suggestedBandwidth(32 * Mi, 60 * Mi)).toBe('90Mi');
    expect(suggestedBandwidth(32 * Mi, 8 * Mi)).toBe('64Mi');
    expect(suggestedBandwidth(0, 8 * Mi)).toBeUndefined();
  });
});
