import { Duplex } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { StatusError } from '../../store/status-error';
import type { Guest, GuestInfo, GuestSpec } from '../types';
import { BUILTIN_KERNEL_RELEASE, BUILTIN_KERNEL_VERSION, BUILTIN_OS, GuestState } from './guest-state';
import { keysymToText, XK } from './keysyms';
import { MiniShell, type ShellAction } from './mini-shell';
import { loadVgaFont } from './psf-font';
import { RfbSession } from './rfb-session';
import { TextScreen } from './text-screen';
import { Tty } from './tty';
import { bootMessages } from './boot-messages';

type ExitReason = 'shutdown' | 'crashed' | 'killed';

export interface BuiltinGuestOptions {
  /** Guest time from power-on to the shell prompt (default 1500 ms). */
  bootMs?: number;
}

const TICK_MS = 250;
const BLINK_MS = 500;

/**
 * The built-in guest: no emulator, a text console rendered into a real RFB server and a serial
 * line with a small shell. Its clock stops while paused (input waits, nothing is printed), and
 * `relocate` moves it to another node keeping everything.
 */
export class BuiltinGuest implements Guest {
  readonly kind = 'builtin' as const;
  readonly started: Promise<void> = Promise.resolve();
  readonly ready: Promise<void>;
  private readonly state: GuestState;
  private readonly screen = new TextScreen(loadVgaFont());
  private vgaTty!: Tty;
  private serialTty!: Tty;
  private serial: { duplex: Duplex; decoder: StringDecoder } | undefined;
  private vnc: { duplex: Duplex; session: RfbSession } | undefined;
  private readonly deferred: (() => void)[] = [];
  private readonly exitCallbacks: ((reason: ExitReason) => void)[] = [];
  private bootQueue: { at: number; run: () => void }[] = [];
  private timer: NodeJS.Timeout | undefined;
  private readyResolve!: () => void;
  private exited = false;
  private ctrl = 0;
  private alt = 0;
  private readonly bootMs: number;

  constructor(
    readonly spec: GuestSpec,
    opts: BuiltinGuestOptions = {},
  ) {
    this.bootMs = opts.bootMs ?? 1500;
    this.state = new GuestState(spec);
    this.ready = new Promise((resolve) => (this.readyResolve = resolve));
    this.powerOn();
  }

  async openVnc(): Promise<Duplex> {
    this.assertAlive();
    this.closeVnc();
    const duplex: Duplex = new Duplex({
      write: (chunk: Buffer, _enc, cb) => {
        session.receive(chunk);
        cb();
      },
      read() {},
      destroy: (err, cb) => {
        session.end();
        if (this.vnc?.duplex === duplex) this.vnc = undefined;
        this.schedule();
        cb(err);
      },
    });
    const session = new RfbSession(
      this.screen,
      `${this.spec.namespace}/${this.spec.name}`,
      (buf) => duplex.push(buf),
      () => duplex.push(null),
      {
        key: (down, keysym) => this.whenRunning(() => this.onKey(down, keysym)),
        pointer: () => undefined,
        cutText: (text) => (this.state.clipboard = text),
      },
    );
    this.vnc = { duplex, session };
    this.schedule();
    return duplex;
  }

  async openSerial(): Promise<Duplex> {
    this.assertAlive();
    this.closeSerial();
    const decoder = new StringDecoder('utf8');
    const duplex: Duplex = new Duplex({
      write: (chunk: Buffer, _enc, cb) => {
        const text = decoder.write(chunk);
        if (text) this.whenRunning(() => this.serialTty.input(text));
        cb();
      },
      read() {},
      destroy: (err, cb) => {
        if (this.serial?.duplex === duplex) this.serial = undefined;
        cb(err);
      },
    });
    this.serial = { duplex, decoder };
    return duplex;
  }

  vncConnections(): number {
    return this.vnc ? 1 : 0;
  }

  async pause(): Promise<void> {
    this.assertAlive();
    this.state.pause();
    this.schedule();
  }

  async unpause(): Promise<void> {
    this.assertAlive();
    this.state.resume();
    for (const fn of this.deferred.splice(0)) fn();
    this.schedule();
  }

  async reset(): Promise<void> {
    this.assertAlive();
    this.powerOn();
  }

  async softReboot(): Promise<void> {
    this.assertAlive();
    this.whenRunning(() => this.restart());
  }

  async shutdown(_graceMs: number): Promise<void> {
    if (this.exited) return;
    this.console(`${this.state.kernelLog('reboot: Power down')}\n`);
    this.stop('shutdown');
  }

  async setDirtyRate(bytesPerSec: number): Promise<void> {
    this.assertAlive();
    this.state.dirtyRateBytesPerSec = Math.max(0, bytesPerSec);
  }

  relocate(node: string): void {
    this.spec.node = node;
  }

  async info(): Promise<GuestInfo> {
    this.assertAlive();
    if (this.state.paused()) throw new StatusError(409, 'Conflict', `guest ${this.spec.namespace}/${this.spec.name} is paused`);
    return {
      hostname: this.state.hostname,
      kernelRelease: BUILTIN_KERNEL_RELEASE,
      kernelVersion: BUILTIN_KERNEL_VERSION,
      os: { ...BUILTIN_OS },
      uptimeSeconds: Math.floor(this.state.uptime() * 100) / 100,
    };
  }

  onExit(cb: (reason: ExitReason) => void): void {
    this.exitCallbacks.push(cb);
  }

  /** What the VGA console shows now, one string per text row (for tests and diagnostics). */
  screenText(): string[] {
    return this.screen.text();
  }

  /** Ends the guest at once (lab teardown). */
  kill(): void {
    if (!this.exited) this.stop('killed');
  }

  private powerOn(): void {
    this.state.rebootClock();
    this.screen.reset();
    const shellAction = (a: ShellAction, tty: 'vga' | 'serial'): void => this.onShellAction(a, tty);
    this.vgaTty = new Tty(new MiniShell(this.state), (t) => this.screen.write(t), (a) => shellAction(a, 'vga'));
    this.serialTty = new Tty(new MiniShell(this.state), (t) => this.serialOut(t), (a) => shellAction(a, 'serial'));
    this.bootQueue = bootMessages(this.state, this.bootMs).map((m) => ({
      at: m.at,
      run: () => this.console(`${this.state.kernelLog(m.text, m.at)}\n`),
    }));
    this.bootQueue.push({ at: this.bootMs / 1000, run: () => this.bootDone() });
    this.schedule();
    this.tick();
  }

  private bootDone(): void {
    this.screen.write(`\nEdgevirt guest ${this.state.hostname} - Linux ${BUILTIN_KERNEL_RELEASE} (tty1)\n\n`);
    this.vgaTty.prompt();
    this.serialOut(`Edgevirt guest ${this.state.hostname} - Linux ${BUILTIN_KERNEL_RELEASE} (ttyS0)\n`);
    this.serialOut(`edge-vm ready (${this.state.uptime().toFixed(2)}s)\n`);
    this.serialTty.prompt();
    this.readyResolve();
  }

  private restart(): void {
    this.console(`${this.state.kernelLog('reboot: Restarting system')}\n`);
    this.powerOn();
  }

  private onShellAction(action: ShellAction, tty: 'vga' | 'serial'): void {
    if (action === 'clear' && tty === 'vga') this.screen.write('\x1b[2J\x1b[H');
    else if (action === 'clear') this.serialOut('\x1b[2J\x1b[H');
    else if (action === 'reboot') setImmediate(() => this.restart());
    else if (action === 'poweroff') setImmediate(() => void this.shutdown(0));
  }

  private onKey(down: boolean, keysym: number): void {
    if (keysym === XK.Control_L || keysym === XK.Control_R) this.ctrl = Math.max(0, this.ctrl + (down ? 1 : -1));
    if (keysym === XK.Alt_L || keysym === XK.Alt_R) this.alt = Math.max(0, this.alt + (down ? 1 : -1));
    if (!down) return;
    if (this.ctrl && this.alt && (keysym === XK.Delete || keysym === XK.KP_Delete)) {
      this.restart();
      return;
    }
    const text = keysymToText(keysym, this.ctrl > 0);
    if (text && !this.bootQueue.length) this.vgaTty.input(text);
  }

  /** Kernel messages go to both consoles (console=ttyS0 console=tty0). */
  private console(text: string): void {
    this.screen.write(text);
    this.serialOut(text);
  }

  private serialOut(text: string): void {
    this.serial?.duplex.push(Buffer.from(text.replace(/\r?\n/g, '\r\n'), 'utf8'));
  }

  private whenRunning(fn: () => void): void {
    if (this.exited) return;
    if (this.state.paused()) this.deferred.push(fn);
    else fn();
  }

  /** Runs due boot steps and blinks the cursor; the timer runs only while there is work. */
  private tick(): void {
    if (this.exited || this.state.paused()) return;
    const now = this.state.uptime();
    while (this.bootQueue.length && (this.bootQueue[0]?.at ?? 0) <= now) this.bootQueue.shift()?.run();
    this.screen.setCursorVisible(Math.floor((now * 1000) / BLINK_MS) % 2 === 0);
    this.schedule();
  }

  private schedule(): void {
    const needed = !this.exited && !this.state.paused() && (this.bootQueue.length > 0 || this.vnc !== undefined);
    if (needed && !this.timer) this.timer = setInterval(() => this.tick(), TICK_MS);
    else if (!needed && this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
    // Booting is finite work that `ready` waiters depend on; a blinking cursor must not keep
    // the process alive.
    if (this.timer && this.bootQueue.length) this.timer.ref();
    else this.timer?.unref();
  }

  private closeVnc(): void {
    const v = this.vnc;
    this.vnc = undefined;
    v?.session.end();
    endStream(v?.duplex);
  }

  private closeSerial(): void {
    const s = this.serial;
    this.serial = undefined;
    endStream(s?.duplex);
  }

  private assertAlive(): void {
    if (this.exited) throw new StatusError(409, 'Conflict', `guest ${this.spec.namespace}/${this.spec.name} is not running`);
  }

  private stop(reason: ExitReason): void {
    this.exited = true;
    this.schedule();
    this.closeVnc();
    this.closeSerial();
    for (const cb of this.exitCallbacks.splice(0)) cb(reason);
  }
}

/** Ends both sides so readers see 'end' (a bridge closes its websocket); the stream then closes itself. */
function endStream(d: Duplex | undefined): void {
  if (!d || d.destroyed) return;
  d.push(null);
  d.end();
}
