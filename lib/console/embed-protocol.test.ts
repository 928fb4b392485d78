import { describe, expect, it } from 'vitest';
import { embedEvent, normalizeOrigin, originAllowed, parseEmbedCommand } from './embed-protocol';

describe('embed protocol', () => {
  it('normalizes origins and refuses paths, credentials and other schemes', () => {
    expect(normalizeOrigin('http://127.0.0.2:8080')).toBe('http://127.0.0.2:8080');
    expect(normalizeOrigin('https://portal.example:443/')).toBe('https://portal.example');
    expect(normalizeOrigin('https://portal.example/x')).toBeUndefined();
    expect(normalizeOrigin('https://u:p@portal.example')).toBeUndefined();
    expect(normalizeOrigin('javascript:alert(1)')).toBeUndefined();
    expect(normalizeOrigin('*')).toBeUndefined();
  });

  it('matches origins exactly', () => {
    const allowed = ['http://127.0.0.2:8080'];
    expect(originAllowed('http://127.0.0.2:8080', allowed)).toBe(true);
    expect(originAllowed('http://127.0.0.2:8081', allowed)).toBe(false);
    expect(originAllowed('http://127.0.0.2:8080.evil.test', allowed)).toBe(false);
    expect(originAllowed(null, allowed)).toBe(false);
    expect(originAllowed('null', allowed)).toBe(false);
  });

  it('accepts only known commands of our message type', () => {
    expect(parseEmbedCommand({ type: 'edgevirt.console', command: 'sendCtrlAltDel' })).toBe('sendCtrlAltDel');
    expect(parseEmbedCommand({ type: 'edgevirt.console', command: 'disconnect' })).toBe('disconnect');
    expect(parseEmbedCommand({ type: 'edgevirt.console', command: 'eval' })).toBeUndefined();
    expect(parseEmbedCommand({ type: 'other', command: 'disconnect' })).toBeUndefined();
    expect(parseEmbedCommand('disconnect')).toBeUndefined();
  });

  it('builds event messages', () => {
    expect(embedEvent('connected')).toEqual({ type: 'edgevirt.console', event: 'connected' });
    expect(embedEvent('error', { reason: 'expired' })).toEqual({
      type: 'edgevirt.console',
      event: 'error',
      detail: { reason: 'expired' },
    });
  });
});
