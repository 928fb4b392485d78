/**
 * A self-healing serial connection to the console server's serial hub (browser only). Bytes
 * are decoded as one UTF-8 stream per connection so a character split across frames renders
 * whole. The hub replays its ring on every connect, so the terminal is reset first.
 */
import { ConnectionLoop, type Attempt, type AttemptCallbacks } from '@/lib/console/connection-loop';
import type { ConsoleProbe } from '@/lib/api/console';
import type { ConsoleStatus } from '@/lib/console/console-status';
import { RttMeter, ThroughputMeter } from '@/lib/console/meters';
import { Utf8StreamDecoder, encodeUtf8 } from '@/lib/console/utf8-stream';

export interface SerialSink {
  /** Clears the screen before the hub's replay. */
  reset(): void;
  write(text: string): void;
}

export interface SerialSessionOptions {
  socketUrl(): string;
  probe(): Promise<ConsoleProbe>;
  sink: SerialSink;
  viewOnly: boolean;
  pingUrl?: string;
  measureRtt?(url: string): Promise<number | undefined>;
  onStatus(status: ConsoleStatus): void;
  /** Called when a connection opens after an earlier one had opened (a reconnect). */
  onReconnected(): void;
}

export class SerialSession {
  readonly rx = new ThroughputMeter();
  readonly rtt = new RttMeter();
  private readonly loop: ConnectionLoop;
  private readonly decoder = new Utf8StreamDecoder();
  private ws: WebSocket | undefined;
  private everOpened = false;
  private pingTimer: ReturnType<typeof setInterval> | undefined;

  constructor(private readonly opts: SerialSessionOptions) {
    this.loop = new ConnectionLoop({
      open: (_preserve, cb) => this.open(cb),
      probe: () => opts.probe(),
      onStatus: (s) => {
        if (s.state === 'connected') this.startPing();
        else this.stopPing();
        opts.onStatus(s);
      },
    });
  }

  connect(): void {
    this.loop.start();
  }

  disconnect(): void {
    this.loop.stop();
  }

  /** Sends typed or pasted text to the guest. */
  send(text: string): void {
    if (this.opts.viewOnly) return;
    const ws = this.ws;
    if (ws?.readyState === WebSocket.OPEN) ws.send(encodeUtf8(text));
  }

  private open(cb: AttemptCallbacks): Attempt {
    const ws = new WebSocket(this.opts.socketUrl(), ['plain.kubevirt.io']);
    ws.binaryType = 'arraybuffer';
    let wasOpen = false;
    ws.addEventListener('open', () => {
      wasOpen = true;
      this.ws = ws;
      this.decoder.reset();
      this.opts.sink.reset();
      if (this.everOpened) this.opts.onReconnected();
      this.everOpened = true;
      cb.opened();
    });
    ws.addEventListener('message', (ev: MessageEvent) => {
      if (typeof ev.data === 'string') return;
      const data = ev.data as ArrayBuffer;
      this.rx.add(data.byteLength, performance.now());
      this.opts.sink.write(this.decoder.decode(data));
    });
    ws.addEventListener('close', (ev) => {
      if (this.ws === ws) this.ws = undefined;
      const tail = this.decoder.flush();
      if (tail) this.opts.sink.write(tail);
      cb.closed({ wasOpen, code: ev.code, reason: ev.reason });
    });
    return {
      close: () => {
        if (this.ws === ws) this.ws = undefined;
        ws.close(1000);
      },
    };
  }

  private startPing(): void {
    const { pingUrl, measureRtt } = this.opts;
    if (!pingUrl || !measureRtt || this.pingTimer) return;
    const tick = () => void measureRtt(pingUrl).then((ms) => ms !== undefined && this.rtt.sample(ms));
    tick();
    this.pingTimer = setInterval(tick, 5_000);
  }

  private stopPing(): void {
    if (this.pingTimer) clearInterval(this.pingTimer);
    this.pingTimer = undefined;
  }
}
