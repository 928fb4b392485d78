import type { Duplex } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';

/** A test-side serial terminal: collects UTF-8 output and runs shell commands with markers. */
export class SerialSession {
  text = '';
  private readonly decoder = new StringDecoder('utf8');
  private seq = 0;

  constructor(readonly stream: Duplex) {
    stream.on('data', (d: Buffer) => (this.text += this.decoder.write(d)));
  }

  /** Waits until the output since `from` matches; returns the match. */
  async waitFor(pattern: RegExp, timeoutMs = 20_000, from = 0): Promise<RegExpExecArray> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const m = pattern.exec(this.text.slice(from));
      if (m) return m;
      if (Date.now() > deadline) throw new Error(`serial: no ${String(pattern)} in ${JSON.stringify(this.text.slice(-600))}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  write(s: string | Buffer): void {
    this.stream.write(s);
  }

  /** Runs a command, returns its output lines (between unique markers, CR removed). */
  async run(command: string, timeoutMs = 20_000): Promise<string> {
    const id = `${Date.now().toString(36)}${this.seq++}`;
    const from = this.text.length;
    this.write(`echo B-${id}; ${command}; echo E-${id}\r`);
    const m = await this.waitFor(new RegExp(`\\r?\\nB-${id}\\r?\\n([\\s\\S]*?)E-${id}\\r?\\n`), timeoutMs, from);
    return (m[1] ?? '').replace(/\r/g, '');
  }
}
