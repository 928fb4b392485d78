import { describe, expect, it } from 'vitest';
import { matchesLabels, parseLabelSelector } from './label-selector';
import { formatBytes, parseQuantity } from './quantity';

describe('label selectors', () => {
  it('parses equality, inequality, existence and absence', () => {
    expect(parseLabelSelector('app=web, tier!=db,kubevirt.io/vm, !legacy')).toEqual([
      { key: 'app', op: 'eq', value: 'web' },
      { key: 'tier', op: 'neq', value: 'db' },
      { key: 'kubevirt.io/vm', op: 'exists' },
      { key: 'legacy', op: 'absent' },
    ]);
    expect(parseLabelSelector('')).toEqual([]);
  });

  it('rejects malformed terms', () => {
    expect(() => parseLabelSelector('app in (a,b)')).toThrow(/invalid label selector/);
    expect(() => parseLabelSelector('a=b c')).toThrow(/invalid label selector/);
  });

  it('matches labels', () => {
    const r = parseLabelSelector('app=web,tier!=db,!legacy');
    expect(matchesLabels(r, { app: 'web' })).toBe(true);
    expect(matchesLabels(r, { app: 'web', tier: 'db' })).toBe(false);
    expect(matchesLabels(r, { app: 'web', legacy: '' })).toBe(false);
    expect(matchesLabels(r, undefined)).toBe(false);
  });
});

describe('quantities', () => {
  it('parses binary and decimal suffixes', () => {
    expect(parseQuantity('2Gi')).toBe(2 * 2 ** 30);
    expect(parseQuantity('512M')).toBe(512e6);
    expect(parseQuantity('500m')).toBe(0.5);
    expect(() => parseQuantity('2 GB')).toThrow(/not a Kubernetes quantity/);
  });

  it('formats bytes', () => {
    expect(formatBytes(2 * 2 ** 30)).toBe('2 GiB');
    expect(formatBytes(1.5 * 2 ** 30)).toBe('1.5 GiB');
    expect(formatBytes(128 * 2 ** 20)).toBe('128 MiB');
  });
});
