/**
 * A self-healing serial connection to the console server's serial hub (browser only). Bytes
 * are decoded as one UTF-8 stream per connection so a character split across frames renders
 * whole. The hub replays its ring on every connect, so the terminal is reset first.
 */
import { ConsoleConnection, type ConsoleWire } from '@/lib/console/console-connection';
import type { Attempt, AttemptCallbacks } from '@/lib/console/connection-loop';
import { Utf8StreamDecoder, encodeUtf8 } from '@/lib/console/utf8-stream';

export interface SerialSink {
  /** Clears the screen before the hub's replay. */
  reset(): void;
  /**
   * Shows output. `replay` marks the hub's replay of old output (the first frame of a
   * connection): the terminal must not answer queries in it (a cursor-position request answered
   * again would type `ESC[12;1R` into the guest's shell).
   */
  write(text: string, replay: boolean): void;
}

export interface SerialSessionOptions extends ConsoleWire {
  socketUrl(): string;
  sink: SerialSink;
  viewOnly: boolean;
  /** Called when a connection opens after an earlier one had opened (a reconnect). */
  onReconnected(): void;
}

export class SerialSession {
  readonly connection: ConsoleConnection;
  private readonly decoder = new Utf8StreamDecoder();
  private ws: WebSocket | undefined;
  private everOpened = false;

  constructor(private readonly opts: SerialSessionOptions) {
    this.connection = new ConsoleConnection({ ...opts, open: (_preserve, cb) => this.open(cb) });
  }

  connect(): void {
    this.connection.connect();
  }

  disconnect(): void {
    this.connection.disconnect();
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
    let first = true;
    ws.addEventListener('message', (ev: MessageEvent) => {
      if (typeof ev.data === 'string') return;
      const data = ev.data as ArrayBuffer;
      this.connection.received(data.byteLength);
      this.opts.sink.write(this.decoder.decode(data), first);
      first = false;
    });
    ws.addEventListener('close', (ev) => {
      if (this.ws === ws) this.ws = undefined;
      const tail = this.decoder.flush();
      if (tail) this.opts.sink.write(tail, false);
      cb.closed({ wasOpen, code: ev.code, reason: ev.reason });
    });
    return {
      close: () => {
        if (this.ws === ws) this.ws = undefined;
        ws.close(1000);
      },
    };
  }
}
