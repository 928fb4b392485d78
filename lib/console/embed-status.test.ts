import { describe, expect, it } from 'vitest';
import { embedMessageFor, parentOrigin } from './embed-status';

describe('embedMessageFor', () => {
  it('maps console states to parent events', () => {
    expect(embedMessageFor({ state: 'connected', since: 1 })).toEqual({ type: 'edgevirt.console', event: 'connected' });
    expect(embedMessageFor({ state: 'connecting', attempt: 0 })).toBeUndefined();
    expect(embedMessageFor({ state: 'disconnected', reason: 'network', retryAt: 5 })).toEqual({
      type: 'edgevirt.console',
      event: 'disconnected',
      detail: { reason: 'network', retrying: true },
    });
    expect(embedMessageFor({ state: 'disconnected', reason: 'expired', detail: 'console link has expired' })).toEqual({
      type: 'edgevirt.console',
      event: 'error',
      detail: { reason: 'expired', retrying: false, message: 'console link has expired' },
    });
  });
});

describe('parentOrigin', () => {
  const top = { location: {}, document: { referrer: '' } } as unknown as Window;
  (top as unknown as { parent: unknown }).parent = top;

  it('is undefined when not framed', () => {
    expect(parentOrigin(top)).toBeUndefined();
  });

  it('prefers ancestorOrigins, falls back to the referrer', () => {
    const list = { length: 1, item: () => 'http://127.0.0.2:8080' };
    const framed = { parent: {}, location: { ancestorOrigins: list }, document: { referrer: 'http://x.test/p' } } as unknown as Window;
    expect(parentOrigin(framed)).toBe('http://127.0.0.2:8080');
    const noList = { parent: {}, location: {}, document: { referrer: 'http://x.test/p?q' } } as unknown as Window;
    expect(parentOrigin(noList)).toBe('http://x.test');
  });
});
