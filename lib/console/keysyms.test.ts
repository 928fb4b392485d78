import { describe, expect, it } from 'vitest';
import { KEY_COMBOS, XK, comboToKeyStrokes, keysymForCodePoint, textToKeyStrokes } from './keysyms';

describe('textToKeyStrokes', () => {
  it('types lower-case letters as press/release with their US key code', () => {
    expect(textToKeyStrokes('a')).toEqual([
      { keysym: 0x61, code: 'KeyA', down: true },
      { keysym: 0x61, code: 'KeyA', down: false },
    ]);
  });

  it('wraps shifted characters in Shift', () => {
    const s = textToKeyStrokes('>');
    expect(s.map((k) => [k.keysym, k.down])).toEqual([
      [XK.Shift_L, true],
      [0x3e, true],
      [0x3e, false],
      [XK.Shift_L, false],
    ]);
    expect(s[1]!.code).toBe('Period');
  });

  it('turns newlines (and CRLF) into one Return', () => {
    const s = textToKeyStrokes('x\r\ny\n');
    expect(s.filter((k) => k.down && k.keysym === XK.Return)).toHaveLength(2);
  });

  it('uses Unicode keysyms without a code for characters no US key has', () => {
    const s = textToKeyStrokes('你');
    expect(s).toEqual([
      { keysym: 0x01000000 + 0x4f60, code: null, down: true },
      { keysym: 0x01000000 + 0x4f60, code: null, down: false },
    ]);
    expect(keysymForCodePoint(0xe9)).toBe(0xe9);
  });

  it('types a whole shell command with every key released', () => {
    const s = textToKeyStrokes('echo hi > /dev/ttyS0\n');
    const downs = s.filter((k) => k.down).length;
    expect(downs).toBe(s.length - downs);
  });
});

describe('combos', () => {
  it('presses in order and releases in reverse', () => {
    const combo = KEY_COMBOS.find((c) => c.id === 'ctrlAltF2')!;
    expect(comboToKeyStrokes(combo).map((k) => [k.code, k.down])).toEqual([
      ['ControlLeft', true],
      ['AltLeft', true],
      ['F2', true],
      ['F2', false],
      ['AltLeft', false],
      ['ControlLeft', false],
    ]);
  });
});
