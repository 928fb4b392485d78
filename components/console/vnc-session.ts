/**
 * A self-healing noVNC connection (browser only). Uses noVNC's public API: we open the
 * websocket ourselves (so we can read close codes and count bytes with our own listeners) and
 * hand it to `new RFB(target, socket)`. The ConnectionLoop decides when to reconnect.
 */
import type RFB from '@novnc/novnc';
import { ConnectionLoop, type Attempt, type AttemptCallbacks } from '@/lib/console/connection-loop';
import type { ConsoleProbe } from '@/lib/api/console';
import type { ConsoleStatus } from '@/lib/console/console-status';
import { comboToKeyStrokes, textToKeyStrokes, type KeyCombo, type KeyStroke } from '@/lib/console/keysyms';
import { RttMeter, ThroughputMeter } from '@/lib/console/meters';

export type ScaleMode = 'fit' | 'native';

export interface VncSessionOptions {
  target: HTMLElement;
  /** Absolute ws(s):// URL for an attempt. */
  socketUrl(preserveSession: boolean): string;
  probe(): Promise<ConsoleProbe>;
  /** Same-origin URL timed for the RTT figure; undefined = no RTT. */
  pingUrl?: string;
  measureRtt?(url: string): Promise<number | undefined>;
  viewOnly: boolean;
  scale: ScaleMode;
  onStatus(status: ConsoleStatus): void;
}

type RfbClass = typeof RFB;
let rfbClass: Promise<RfbClass> | undefined;

/** noVNC touches `window` at import time (and uses top-level await): load it on demand only. */
export function loadRfb(): Promise<RfbClass> {
  rfbClass ??= import('@novnc/novnc').then((m) => m.default);
  return rfbClass;
}

export class VncSession {
  readonly rx = new ThroughputMeter();
  readonly rtt = new RttMeter();
  private rfb: RFB | undefined;
  private readonly loop: ConnectionLoop;
  private viewOnly: boolean;
  private scale: ScaleMode;
  private pingTimer: ReturnType<typeof setInterval> | undefined;
  private typing: { cancelled: boolean } | undefined;

  constructor(private readonly opts: VncSessionOptions) {
    this.viewOnly = opts.viewOnly;
    this.scale = opts.scale;
    this.loop = new ConnectionLoop({
      open: (preserve, cb) => this.open(preserve, cb),
      probe: () => opts.probe(),
      onStatus: (s) => {
        if (s.state === 'connected') this.startPing();
        else this.stopPing();
        opts.onStatus(s);
      },
    });
  }

  /** Connects; `takeOver` asks the cluster to end another viewer's session. */
  connect(takeOver = false): void {
    this.loop.start(!takeOver);
  }

  disconnect(): void {
    this.loop.stop();
    this.stopPing();
  }

  setViewOnly(viewOnly: boolean): void {
    this.viewOnly = viewOnly;
    if (this.rfb) this.rfb.viewOnly = viewOnly;
  }

  setScale(scale: ScaleMode): void {
    this.scale = scale;
    if (this.rfb) this.applyScale(this.rfb);
  }

  sendCtrlAltDel(): void {
    if (!this.viewOnly) this.rfb?.sendCtrlAltDel();
  }

  sendCombo(combo: KeyCombo): void {
    this.sendStrokes(comboToKeyStrokes(combo));
  }

  /** Types text as keystrokes, paced so the guest's keyboard buffer does not overflow. */
  async typeText(text: string): Promise<void> {
    if (this.typing) this.typing.cancelled = true;
    const job = { cancelled: false };
    this.typing = job;
    const strokes = textToKeyStrokes(text);
    for (let i = 0; i < strokes.length && !job.cancelled; i += 16) {
      this.sendStrokes(strokes.slice(i, i + 16));
      await new Promise((r) => setTimeout(r, 15));
    }
    if (this.typing === job) this.typing = undefined;
  }

  focus(): void {
    this.rfb?.focus();
  }

  /** PNG data URL of the current screen, or undefined when not connected. */
  screenshot(): string | undefined {
    return this.rfb?.toDataURL('image/png');
  }

  private sendStrokes(strokes: KeyStroke[]): void {
    const rfb = this.rfb;
    if (!rfb || this.viewOnly) return;
    for (const s of strokes) rfb.sendKey(s.keysym, s.code, s.down);
  }

  private applyScale(rfb: RFB): void {
    rfb.scaleViewport = this.scale === 'fit';
    rfb.clipViewport = false;
  }

  private open(preserveSession: boolean, cb: AttemptCallbacks): Attempt {
    let ws: WebSocket | undefined;
    let rfb: RFB | undefined;
    let wasOpen = false;
    let done = false;
    const finish = (code: number, reason: string) => {
      if (done) return;
      done = true;
      if (this.rfb === rfb) this.rfb = undefined;
      cb.closed({ wasOpen, code, reason });
    };
    // noVNC must be loaded before the socket exists: RFB attaches its handlers when constructed,
    // and the server speaks first (its version string), so no frame may arrive before that.
    void loadRfb().then(
      (Rfb) => {
        if (done) return;
        const socket = new WebSocket(this.opts.socketUrl(preserveSession), ['plain.kubevirt.io']);
        ws = socket;
        socket.binaryType = 'arraybuffer';
        socket.addEventListener('message', (ev: MessageEvent) => {
          const data = ev.data as ArrayBuffer | string;
          this.rx.add(typeof data === 'string' ? data.length : data.byteLength, performance.now());
        });
        socket.addEventListener('close', (ev) => finish(ev.code, ev.reason));
        const r = new Rfb(this.opts.target, socket, { shared: true });
        rfb = r;
        r.viewOnly = this.viewOnly;
        r.background = 'rgb(17, 24, 39)';
        this.applyScale(r);
        r.addEventListener('connect', () => {
          wasOpen = true;
          this.rfb = r;
          cb.opened();
        });
        r.addEventListener('disconnect', () => finish(socket.readyState === WebSocket.CLOSED ? 1000 : 1006, ''));
        r.addEventListener('securityfailure', (ev) => {
          const detail = (ev as CustomEvent<{ reason?: string }>).detail;
          finish(4000, detail?.reason ?? 'security negotiation failed');
        });
      },
      (err: unknown) => finish(4000, `could not load the VNC client: ${String(err)}`),
    );
    return {
      close: () => {
        done = true;
        if (rfb) rfb.disconnect();
        else ws?.close(1000);
        if (this.rfb === rfb) this.rfb = undefined;
      },
    };
  }

  private startPing(): void {
    const url = this.opts.pingUrl;
    const measure = this.opts.measureRtt;
    if (!url || !measure || this.pingTimer) return;
    const tick = () => void measure(url).then((ms) => ms !== undefined && this.rtt.sample(ms));
    tick();
    this.pingTimer = setInterval(tick, 5_000);
  }

  private stopPing(): void {
    if (this.pingTimer) clearInterval(this.pingTimer);
    this.pingTimer = undefined;
  }
}
