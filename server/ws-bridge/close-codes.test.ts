import { describe, expect, it } from 'vitest';
import { isSendable, mapCloseCode, truncateReason } from '@/server/ws-bridge/close-codes';

describe('close code mapping', () => {
  it('never forwards 1005 or 1006', () => {
    expect(mapCloseCode(1005, '', 'upstream')).toEqual({ code: 1001, reason: 'upstream closed without a status' });
    expect(mapCloseCode(1006, '', 'browser').code).toBe(1011);
    expect(mapCloseCode(1006, 'boom', 'upstream')).toEqual({ code: 1011, reason: 'boom' });
  });
  it('keeps valid codes and maps reserved ones', () => {
    expect(mapCloseCode(1000, 'bye', 'browser')).toEqual({ code: 1000, reason: 'bye' });
    expect(mapCloseCode(4001, 'app', 'upstream').code).toBe(4001);
    expect(mapCloseCode(1004, '', 'upstream').code).toBe(1011);
    expect(mapCloseCode(1015, '', 'upstream').code).toBe(1011);
    expect(mapCloseCode(2999, '', 'upstream').code).toBe(1011);
    for (const c of [1000, 1001, 1011, 3000, 4999]) expect(isSendable(c)).toBe(true);
    for (const c of [999, 1004, 1005, 1006, 1015, 5000]) expect(isSendable(c)).toBe(false);
  });
  it('truncates reasons to 123 bytes on a character boundary', () => {
    const r = truncateReason('é'.repeat(100));
    expect(Buffer.byteLength(r)).toBeLessThanOrEqual(123);
    expect(r).toBe('é'.repeat(61));
  });
});
