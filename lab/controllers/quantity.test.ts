import { describe, expect, it } from 'vitest';
import { parseQuantity } from './quantity';

describe('parseQuantity', () => {
  it('parses binary, decimal and milli quantities', () => {
    expect(parseQuantity('128Mi')).toBe(128 * 2 ** 20);
    expect(parseQuantity('2Gi')).toBe(2 * 2 ** 30);
    expect(parseQuantity('500m')).toBe(0.5);
    expect(parseQuantity('4')).toBe(4);
    expect(parseQuantity('1G')).toBe(1e9);
    expect(parseQuantity(undefined)).toBe(0);
  });
  it('rejects garbage', () => {
    expect(() => parseQuantity('12 bananas')).toThrow(/regular expression/);
  });
});
