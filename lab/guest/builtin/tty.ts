import type { MiniShell, ShellAction } from './mini-shell';

/**
 * A terminal line discipline in canonical mode with echo, in front of one shell: edits the line
 * (BackSpace/DEL remove a whole code point, Ctrl-U the line, Ctrl-C abandons it), swallows escape
 * sequences (arrow keys, terminal replies), and runs the line on Enter (CR, LF or CR LF).
 */
export class Tty {
  private line = '';
  private lastWasCr = false;
  private escape: string | undefined;

  constructor(
    private readonly shell: MiniShell,
    private readonly output: (text: string) => void,
    private readonly onAction: (action: ShellAction) => void,
  ) {}

  /** Prints the prompt (after boot or a cleared screen). */
  prompt(): void {
    this.line = '';
    this.output(this.shell.prompt());
  }

  input(text: string): void {
    for (const ch of text) this.inputChar(ch);
  }

  private inputChar(ch: string): void {
    const wasCr = this.lastWasCr;
    this.lastWasCr = ch === '\r';
    if (this.escape !== undefined) {
      this.escape += ch;
      // ESC [ params final-byte, or ESC + one char.
      if (this.escape.length >= 2 && (this.escape[0] !== '[' || /[@-~]/.test(ch))) this.escape = undefined;
      return;
    }
    switch (ch) {
      case '\x1b':
        this.escape = '';
        return;
      case '\n':
        if (wasCr) return;
        return this.enter();
      case '\r':
        return this.enter();
      case '\x7f':
      case '\b':
        return this.backspace();
      case '\x03':
        this.line = '';
        this.output('^C\n');
        return this.prompt();
      case '\x15':
        while (this.line) this.backspace();
        return;
      default:
        if ((ch.codePointAt(0) ?? 0) < 0x20 && ch !== '\t') return;
        this.line += ch;
        this.output(ch);
    }
  }

  private backspace(): void {
    if (!this.line) return;
    const chars = Array.from(this.line);
    chars.pop();
    this.line = chars.join('');
    this.output('\b \b');
  }

  private enter(): void {
    const line = this.line;
    this.line = '';
    this.output('\n');
    const result = line.trim() ? this.shell.execute(line) : { output: '', code: 0 };
    if (result.output) this.output(result.output);
    if (result.action) this.onAction(result.action);
    if (result.action !== 'reboot' && result.action !== 'poweroff') this.prompt();
  }
}
