import { describe, expect, it } from 'vitest';
import { RateMeter } from './rate-meter';

describe('RateMeter', () => {
  it('gives bytes per second and time left over its window, and restarts on a new attempt', () => {
    const m = new RateMeter();
    expect(m.rate(0)).toBeUndefined();
    m.add(0, 0);
    m.add(1000, 2_000_000);
    m.add(2000, 4_000_000);
    expect(m.rate(2000)).toBe(2_000_000);
    expect(m.etaSeconds(10_000_000, 2000)).toBe(3);
    // A stall lowers the rate as time passes.
    expect(m.rate(4000)).toBe(1_000_000);
    m.add(2500, 100);
    expect(m.rate(2500)).toBeUndefined();
  });
});
