/**
 * Keystrokes for text typed into a VNC session ("type the clipboard"). Each character becomes
 * an X11 keysym plus, where a US keyboard has the key, its physical `code`: noVNC then sends
 * QEMU's extended key event (a scancode), which types correctly whatever keymap the server
 * assumes. Characters that need Shift on a US keyboard are wrapped in Shift presses because a
 * scancode alone carries no modifier.
 */
export interface KeyStroke {
  keysym: number;
  /** `KeyboardEvent.code` of the key, or null when no US key produces the character. */
  code: string | null;
  down: boolean;
}

export const XK = {
  BackSpace: 0xff08,
  Tab: 0xff09,
  Return: 0xff0d,
  Escape: 0xff1b,
  Delete: 0xffff,
  Shift_L: 0xffe1,
  Control_L: 0xffe3,
  Alt_L: 0xffe9,
  Super_L: 0xffeb,
  Print: 0xff61,
  F1: 0xffbe,
} as const;

const UNSHIFTED: Record<string, string> = {
  '`': 'Backquote', '-': 'Minus', '=': 'Equal', '[': 'BracketLeft', ']': 'BracketRight', '\\': 'Backslash',
  ';': 'Semicolon', "'": 'Quote', ',': 'Comma', '.': 'Period', '/': 'Slash', ' ': 'Space',
};
const SHIFTED: Record<string, string> = {
  '~': 'Backquote', '!': 'Digit1', '@': 'Digit2', '#': 'Digit3', $: 'Digit4', '%': 'Digit5', '^': 'Digit6',
  '&': 'Digit7', '*': 'Digit8', '(': 'Digit9', ')': 'Digit0', _: 'Minus', '+': 'Equal', '{': 'BracketLeft',
  '}': 'BracketRight', '|': 'Backslash', ':': 'Semicolon', '"': 'Quote', '<': 'Comma', '>': 'Period', '?': 'Slash',
};

/** X11 keysym of a Unicode code point: Latin-1 maps to itself, the rest to 0x01000000 + cp. */
export function keysymForCodePoint(cp: number): number {
  if (cp === 0x0a || cp === 0x0d) return XK.Return;
  if (cp === 0x09) return XK.Tab;
  if (cp === 0x08) return XK.BackSpace;
  if (cp === 0x1b) return XK.Escape;
  if ((cp >= 0x20 && cp <= 0x7e) || (cp >= 0xa0 && cp <= 0xff)) return cp;
  return 0x01000000 + cp;
}

/** US-layout key for a character, and whether Shift is needed. */
export function usKeyFor(ch: string): { code: string; shift: boolean } | undefined {
  if (/^[a-z]$/.test(ch)) return { code: `Key${ch.toUpperCase()}`, shift: false };
  if (/^[A-Z]$/.test(ch)) return { code: `Key${ch}`, shift: true };
  if (/^[0-9]$/.test(ch)) return { code: `Digit${ch}`, shift: false };
  if (ch === '\n' || ch === '\r') return { code: 'Enter', shift: false };
  if (ch === '\t') return { code: 'Tab', shift: false };
  const plain = UNSHIFTED[ch];
  if (plain) return { code: plain, shift: false };
  const shifted = SHIFTED[ch];
  if (shifted) return { code: shifted, shift: true };
  return undefined;
}

/** Press-and-release strokes that type `text`. CRLF counts as one Enter. */
export function textToKeyStrokes(text: string): KeyStroke[] {
  const out: KeyStroke[] = [];
  const normalized = text.replace(/\r\n/g, '\n');
  for (const ch of normalized) {
    const cp = ch.codePointAt(0);
    if (cp === undefined) continue;
    const keysym = keysymForCodePoint(cp);
    const key = usKeyFor(ch);
    if (key?.shift) out.push({ keysym: XK.Shift_L, code: 'ShiftLeft', down: true });
    out.push({ keysym, code: key?.code ?? null, down: true }, { keysym, code: key?.code ?? null, down: false });
    if (key?.shift) out.push({ keysym: XK.Shift_L, code: 'ShiftLeft', down: false });
  }
  return out;
}

/** A named key combination the toolbar offers. */
export interface KeyCombo {
  id: string;
  keys: Array<{ keysym: number; code: string }>;
}

function fKey(n: number): { keysym: number; code: string } {
  return { keysym: XK.F1 + n - 1, code: `F${n}` };
}

const CTRL = { keysym: XK.Control_L, code: 'ControlLeft' };
const ALT = { keysym: XK.Alt_L, code: 'AltLeft' };

/** Combinations besides Ctrl+Alt+Del (which noVNC sends itself). */
export const KEY_COMBOS: KeyCombo[] = [
  { id: 'ctrlAltBackspace', keys: [CTRL, ALT, { keysym: XK.BackSpace, code: 'Backspace' }] },
  ...[1, 2, 3, 4, 5, 6, 7].map((n) => ({ id: `ctrlAltF${n}`, keys: [CTRL, ALT, fKey(n)] })),
  { id: 'ctrlC', keys: [CTRL, { keysym: 0x63, code: 'KeyC' }] },
  { id: 'ctrlD', keys: [CTRL, { keysym: 0x64, code: 'KeyD' }] },
  { id: 'ctrlZ', keys: [CTRL, { keysym: 0x7a, code: 'KeyZ' }] },
  { id: 'altTab', keys: [ALT, { keysym: XK.Tab, code: 'Tab' }] },
  { id: 'escape', keys: [{ keysym: XK.Escape, code: 'Escape' }] },
  { id: 'printScreen', keys: [{ keysym: XK.Print, code: 'PrintScreen' }] },
];

/** Strokes for a combination: press in order, release in reverse order. */
export function comboToKeyStrokes(combo: KeyCombo): KeyStroke[] {
  const down = combo.keys.map((k) => ({ ...k, down: true }));
  const up = [...combo.keys].reverse().map((k) => ({ ...k, down: false }));
  return [...down, ...up];
}
