/** X11 keysyms the built-in guest's keyboard understands (RFB KeyEvent carries keysyms). */
export const XK = {
  BackSpace: 0xff08,
  Tab: 0xff09,
  Return: 0xff0d,
  Escape: 0xff1b,
  Delete: 0xffff,
  KP_Enter: 0xff8d,
  KP_Delete: 0xff9f,
  Shift_L: 0xffe1,
  Shift_R: 0xffe2,
  Control_L: 0xffe3,
  Control_R: 0xffe4,
  Alt_L: 0xffe9,
  Alt_R: 0xffea,
} as const;

/**
 * The bytes a key press sends to the tty (empty when it sends none). Shifted characters arrive
 * as their own keysyms ('A', '!'), so Shift needs no handling; Ctrl turns letters into C0 codes.
 */
export function keysymToText(keysym: number, ctrl: boolean): string {
  switch (keysym) {
    case XK.Return:
    case XK.KP_Enter:
      return '\r';
    case XK.BackSpace:
      return '\x7f';
    case XK.Tab:
      return '\t';
    case XK.Escape:
      return '\x1b';
    case XK.Delete:
      return '\x1b[3~';
  }
  let cp: number | undefined;
  if ((keysym >= 0x20 && keysym <= 0x7e) || (keysym >= 0xa0 && keysym <= 0xff)) cp = keysym;
  else if (keysym >= 0x01000100 && keysym <= 0x0110ffff) cp = keysym - 0x01000000;
  if (cp === undefined) return '';
  if (ctrl && cp >= 0x40 && cp <= 0x7f) return String.fromCharCode(cp & 0x1f);
  return String.fromCodePoint(cp);
}
