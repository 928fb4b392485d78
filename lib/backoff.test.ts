import { describe, expect, it } from 'vitest';
import { DEFAULT_BACKOFF, ReconnectPolicy, backoffDelay, type BackoffOptions } from './backoff';

const noJitter: BackoffOptions = { ...DEFAULT_BACKOFF, jitter: 0, initialMs: 100, maxMs: 1_000, factor: 2 };

describe('backoffDelay', () => {
  it('grows exponentially and stops at the cap', () => {
    expect([0, 1, 2, 3, 4, 5].map((a) => backoffDelay(a, noJitter))).toEqual([100, 200, 400, 800, 1000, 1000]);
  });

  it('full jitter spans [0, cap]', () => {
    const full = { ...noJitter, jitter: 1 };
    expect(backoffDelay(3, full, 0)).toBe(0);
    expect(backoffDelay(3, full, 0.5)).toBe(400);
    expect(backoffDelay(3, full, 0.999999)).toBe(800);
  });

  it('partial jitter keeps a floor', () => {
    const half = { ...noJitter, jitter: 0.5 };
    expect(backoffDelay(2, half, 0)).toBe(200);
    expect(backoffDelay(2, half, 0.999999)).toBe(400);
  });
});

describe('ReconnectPolicy', () => {
  it('backs off on consecutive failures', () => {
    const p = new ReconnectPolicy(noJitter, () => 0);
    expect([p.failed(0), p.failed(1), p.failed(2)]).toEqual([100, 200, 400]);
    expect(p.attempt).toBe(3);
  });

  it('a short-lived connection does not reset the backoff', () => {
    const p = new ReconnectPolicy({ ...noJitter, stableAfterMs: 5_000 }, () => 0);
    p.failed(0);
    p.failed(0);
    p.connected(1_000);
    expect(p.failed(2_000)).toBe(400);
  });

  it('a stable connection resets the backoff', () => {
    const p = new ReconnectPolicy({ ...noJitter, stableAfterMs: 5_000 }, () => 0);
    p.failed(0);
    p.failed(0);
    p.connected(1_000);
    expect(p.failed(7_000)).toBe(100);
  });

  it('gives up after maxAttempts', () => {
    const p = new ReconnectPolicy({ ...noJitter, maxAttempts: 2 }, () => 0);
    expect(p.failed(0)).toBe(100);
    expect(p.failed(0)).toBe(200);
    expect(p.failed(0)).toBeUndefined();
    p.reset();
    expect(p.failed(0)).toBe(100);
  });
});
