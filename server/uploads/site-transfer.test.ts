import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { sleep } from './site-transfer';

describe('sleep', () => {
  it('leaves no abort listener behind when the timer fires (no MaxListeners warning)', async () => {
    const abort = new AbortController();
    for (let i = 0; i < 20; i++) await sleep(1, abort.signal);
    expect(getEventListeners(abort.signal, 'abort')).toHaveLength(0);
  });

  it('ends early on abort and removes its listener', async () => {
    const abort = new AbortController();
    const started = Date.now();
    const waiting = sleep(60_000, abort.signal);
    expect(getEventListeners(abort.signal, 'abort')).toHaveLength(1);
    abort.abort();
    await waiting;
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(getEventListeners(abort.signal, 'abort')).toHaveLength(0);
  });

  it('returns at once on a signal already aborted', async () => {
    const abort = new AbortController();
    abort.abort();
    await sleep(60_000, abort.signal);
    expect(getEventListeners(abort.signal, 'abort')).toHaveLength(0);
  });
});
