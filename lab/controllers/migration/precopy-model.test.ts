import { describe, expect, it } from 'vitest';
import { initialState, stepMigration, type MigrationParams } from './precopy-model';

const Mi = 2 ** 20;
const base: MigrationParams = {
  memoryBytes: 1024 * Mi, bandwidthBytesPerSec: 64 * Mi, dirtyRateBytesPerSec: 0, maxDowntimeMs: 300,
  progressTimeoutSec: 150, completionTimeoutPerGiB: 150, allowAutoConverge: false, allowPostCopy: false,
};

function run(p: MigrationParams, maxSec = 2000) {
  let s = initialState(p);
  for (let t = 0; t < maxSec && (s.status === 'active' || s.status === 'postcopy-active'); t++) s = stepMigration(p, s, 1);
  return s;
}

describe('pre-copy migration model', () => {
  it('an idle guest converges after one pass at memory/bandwidth seconds', () => {
    const s = run(base);
    expect(s.status).toBe('completed');
    expect(s.elapsedSec).toBe(16);
    expect(s.processedBytes).toBe(1024 * Mi);
    expect(s.mode).toBe('PreCopy');
  });
  it('a light dirty rate needs extra passes but converges', () => {
    const s = run({ ...base, dirtyRateBytesPerSec: 4 * Mi });
    expect(s.status).toBe('completed');
    expect(s.iteration).toBeGreaterThan(1);
    expect(s.processedBytes).toBeGreaterThan(1024 * Mi);
    expect(s.downtimeMs).toBeLessThanOrEqual(300);
  });
  it('dirtying at the bandwidth never converges and hits completionTimeoutPerGiB', () => {
    const s = run({ ...base, dirtyRateBytesPerSec: 64 * Mi, completionTimeoutPerGiB: 60, progressTimeoutSec: 1000 });
    expect(s.status).toBe('failed');
    expect(s.failureReason).toBe('Live migration is not completed after 60 sec and has been aborted');
  });
  it('never reports more remaining than the guest has memory, however fast it dirties', () => {
    const p = { ...base, dirtyRateBytesPerSec: 200 * Mi, progressTimeoutSec: 1000, completionTimeoutPerGiB: 1000 };
    let s = initialState(p);
    for (let t = 0; t < 60; t++) {
      s = stepMigration(p, s, 1);
      expect(s.remainingBytes).toBeLessThanOrEqual(p.memoryBytes);
    }
  });
  it('no progress for progressTimeout seconds aborts as stuck', () => {
    const s = run({ ...base, dirtyRateBytesPerSec: 200 * Mi, progressTimeoutSec: 20, completionTimeoutPerGiB: 1000 });
    expect(s.status).toBe('failed');
    expect(s.failureReason).toMatch(/^Live migration stuck for 2\d sec and has been aborted$/);
  });
  it('auto-converge throttles the guest until it converges', () => {
    const s = run({ ...base, dirtyRateBytesPerSec: 64 * Mi, allowAutoConverge: true, completionTimeoutPerGiB: 1000, progressTimeoutSec: 1000 });
    expect(s.status).toBe('completed');
    expect(s.throttle).toBeGreaterThan(0);
  });
  it('post-copy takes over once the completion timeout passes', () => {
    const s = run({ ...base, dirtyRateBytesPerSec: 64 * Mi, allowPostCopy: true, completionTimeoutPerGiB: 30, progressTimeoutSec: 1000 });
    expect(s.status).toBe('completed');
    expect(s.mode).toBe('PostCopy');
  });
});
