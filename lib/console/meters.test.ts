import { describe, expect, it } from 'vitest';
import { RttMeter, ThroughputMeter, formatRate } from './meters';

describe('ThroughputMeter', () => {
  it('reports bytes per second over its window and forgets old samples', () => {
    const m = new ThroughputMeter(1_000);
    m.add(500, 0);
    m.add(500, 500);
    expect(m.rate(900)).toBe(1000);
    expect(m.rate(1_200)).toBe(500);
    expect(m.rate(3_000)).toBe(0);
    expect(m.totalBytes).toBe(1000);
  });
});

describe('RttMeter', () => {
  it('smooths samples and ignores nonsense', () => {
    const r = new RttMeter();
    expect(r.smoothed).toBeUndefined();
    r.sample(80);
    r.sample(160);
    r.sample(-1);
    r.sample(Number.NaN);
    expect(r.smoothed).toBe(90);
    expect(r.last).toBe(160);
  });
});

describe('formatRate', () => {
  it('picks a readable unit', () => {
    expect(formatRate(12)).toBe('12 B/s');
    expect(formatRate(2048)).toBe('2.0 KiB/s');
    expect(formatRate(3 * 1024 * 1024)).toBe('3.00 MiB/s');
  });
});
