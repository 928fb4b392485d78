/**
 * A self-healing noVNC connection (browser only). Uses noVNC's public API: we open the
 * websocket ourselves (so we can read close codes and count bytes with our own listeners) and
 * hand it to `new RFB(target, socket)`. The ConnectionLoop decides when to reconnect.
 */
import type RFB from '@novnc/novnc';
import { ConsoleConnection, type ConsoleWire } from '@/lib/console/console-connection';
import type { Attempt, AttemptCallbacks } from '@/lib/console/connection-loop';
import { comboToKeyStrokes, textToKeyStrokes, type KeyCombo, type KeyStroke } from '@/lib/console/keysyms';

export type ScaleMode = 'fit' | 'native';

export interface VncSessionOptions extends ConsoleWire {
  target: HTMLElement;
  /** Absolute ws(s):// URL for an attempt. */
  socketUrl(preserveSession: boolean): string;
  viewOnly: boolean;
  scale: ScaleMode;
}

type RfbClass = typeof RFB;
let rfbClass: Promise<RfbClass> | undefined;

/** noVNC touches `window` at import time (and uses top-level await): load it on demand only. */
export function loadRfb(): Promise<RfbClass> {
  rfbClass ??= import('@novnc/novnc').then((m) => m.default);
  return rfbClass;
}

export class VncSession {
  readonly connection: ConsoleConnection;
  private rfb: RFB | undefined;
  private viewOnly: boolean;
  private scale: ScaleMode;
  private typing: { cancelled: boolean } | undefined;

  constructor(private readonly opts: VncSessionOptions) {
    this.viewOnly = opts.viewOnly;
    this.scale = opts.scale;
    this.connection = new ConsoleConnection({ ...opts, open: (preserve, cb) => this.open(preserve, cb) });
  }

  /** Connects; `takeOver` asks the cluster to end another viewer's session. */
  connect(takeOver = false): void {
    this.connection.connect(!takeOver);
  }

  disconnect(): void {
    this.connection.disconnect();
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
          this.connection.received(typeof data === 'string' ? data.length : data.byteLength);
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
}
