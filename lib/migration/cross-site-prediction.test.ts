import { describe, expect, it } from 'vitest';
import { predictCrossSite } from './cross-site-prediction';

const MiB = 2 ** 20;
const GiB = 2 ** 30;

describe('predictCrossSite', () => {
  it('an idle guest takes one pass: memory over bandwidth plus the round trip', () => {
    const p = predictCrossSite({
      memoryBytes: GiB,
      dirtyRateBytesPerSec: 0,
      link: { bandwidthBytesPerSec: 100 * MiB, rttMs: 20 },
      completionTimeoutSec: 150,
    });
    expect(p).toMatchObject({ verdict: 'ok', passes: 1, bytesSent: GiB });
    expect(p.durationSec).toBeCloseTo(10.24 + 0.02, 5);
  });

  it('a dirtying guest needs more passes and bytes, and converges below the link rate', () => {
    const p = predictCrossSite({
      memoryBytes: GiB,
      dirtyRateBytesPerSec: 50 * MiB,
      link: { bandwidthBytesPerSec: 100 * MiB, rttMs: 20 },
      completionTimeoutSec: 150,
    });
    expect(p.verdict).toBe('ok');
    expect(p.passes).toBeGreaterThan(3);
    expect(p.bytesSent).toBeGreaterThan(1.9 * GiB);
    expect(p.durationSec).toBeGreaterThan(19);
  });

  it('never converges when the guest dirties memory as fast as the link carries it', () => {
    expect(
      predictCrossSite({
        memoryBytes: GiB,
        dirtyRateBytesPerSec: 16 * MiB,
        link: { bandwidthBytesPerSec: 2 * MiB, rttMs: 80 },
        completionTimeoutSec: 150,
      }).verdict,
    ).toBe('neverConverges');
  });

  it('says too slow when the prediction passes the completion timeout, and warns above 50 ms RTT', () => {
    expect(
      predictCrossSite({
        memoryBytes: 8 * GiB,
        dirtyRateBytesPerSec: 0,
        link: { bandwidthBytesPerSec: 10 * MiB, rttMs: 10 },
        completionTimeoutSec: 600,
      }).verdict,
    ).toBe('tooSlow');
    expect(
      predictCrossSite({
        memoryBytes: GiB,
        dirtyRateBytesPerSec: 0,
        link: { bandwidthBytesPerSec: 100 * MiB, rttMs: 80 },
        completionTimeoutSec: 150,
      }).verdict,
    ).toBe('slowRtt');
  });
});
