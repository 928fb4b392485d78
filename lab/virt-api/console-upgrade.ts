import type { IncomingMessage } from 'node:http';
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { SubresourceCall } from '../apiserver/extensions';
import { StatusError } from '../store/status-error';
import type { KubeObject } from '../store/types';
import { R } from '../controllers/refs';
import type { Runtime } from '../controllers/runtime';

const PROTOCOL = 'plain.kubevirt.io';
const HIGH_WATER = 1 << 20;

/** Writes an HTTP error with a Status body on a socket that was never upgraded. */
export function rejectUpgrade(socket: Duplex, err: StatusError): void {
  const body = JSON.stringify(err.toStatus());
  socket.end(`HTTP/1.1 ${err.code} ${STATUS_CODES[err.code] ?? ''}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
}

function precondition(vmi: KubeObject | undefined, kind: string, name: string): void {
  if (!vmi) throw new StatusError(404, 'NotFound', `virtualmachineinstance.kubevirt.io "${name}" not found`, { name, group: 'kubevirt.io', kind: 'virtualmachineinstance' });
  const phase = vmi.status?.phase ?? 'Pending';
  const devices = vmi.spec?.domain?.devices ?? {};
  if (kind === 'console' && phase === 'Failed') throw new StatusError(409, 'Conflict', `Operation cannot be fulfilled on virtualmachineinstance.kubevirt.io "${name}": VMI is in failed status`);
  if (phase !== 'Running') throw new StatusError(400, 'BadRequest', `Unable to connect to VM because phase is ${phase} instead of Running`);
  if (kind === 'vnc' && devices.autoattachGraphicsDevice === false) throw new StatusError(400, 'BadRequest', 'No graphics devices are present.');
  if (kind === 'console' && devices.autoattachSerialConsole === false) throw new StatusError(400, 'BadRequest', 'No serial consoles are present.');
}

/**
 * virt-api's and virt-handler's console streams: completes the WebSocket upgrade (offering
 * `plain.kubevirt.io`) and pipes raw RFB or serial bytes as binary frames both ways, dropping
 * text frames, with backpressure in both directions and one session per VMI and kind.
 */
export class ConsoleStreams {
  private readonly wss = new WebSocketServer({ noServer: true, handleProtocols: (p) => (p.has(PROTOCOL) ? PROTOCOL : false) });
  private readonly sessions = new Map<string, WebSocket>();
  /** Live serial sessions by VMI uid, for `kubevirt_console_active_connections`. */
  readonly consoles = new Map<string, number>();

  constructor(private readonly rt: Runtime) {}

  upgrade(call: SubresourceCall, req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const kind = call.subresource;
    try {
      if (kind !== 'vnc' && kind !== 'console') throw new StatusError(404, 'NotFound', 'the server could not find the requested resource');
      const vmi = this.rt.store.get(R.vmi, call.namespace, call.name);
      precondition(vmi, kind, call.name);
      const guest = this.rt.guests.get(vmi?.metadata.uid);
      if (!guest) throw new StatusError(400, 'BadRequest', `Unable to connect to VM because the domain of ${call.name} is not running`);
      const key = `${vmi?.metadata.uid}/${kind}`;
      const old = this.sessions.get(key);
      if (kind === 'vnc' && call.query.get('preserveSession') === 'true' && (old || guest.vncConnections() > 0)) {
        throw new StatusError(503, 'ServiceUnavailable', 'Active VNC connection. Request denied.');
      }
      old?.close(1000, 'a new connection took over the session');
      const open = kind === 'vnc' ? guest.openVnc() : guest.openSerial();
      this.wss.handleUpgrade(req, socket, head, (ws) => this.attach(key, vmi?.metadata.uid ?? '', kind, ws, open));
    } catch (err) {
      rejectUpgrade(socket, err instanceof StatusError ? err : new StatusError(500, 'InternalError', String(err)));
    }
  }

  private attach(key: string, uid: string, kind: string, ws: WebSocket, open: Promise<Duplex>): void {
    this.sessions.set(key, ws);
    if (kind === 'console') this.consoles.set(uid, (this.consoles.get(uid) ?? 0) + 1);
    let stream: Duplex | undefined;
    let closed = false;
    const teardown = (code: number, reason: string) => {
      if (closed) return;
      closed = true;
      clearInterval(ping);
      if (this.sessions.get(key) === ws) this.sessions.delete(key);
      if (kind === 'console') this.consoles.set(uid, Math.max(0, (this.consoles.get(uid) ?? 1) - 1));
      stream?.destroy();
      if (ws.readyState === ws.OPEN || ws.readyState === ws.CONNECTING) ws.close(code, reason);
    };
    const ping = setInterval(() => ws.readyState === ws.OPEN && ws.ping(), 30_000);
    ws.on('close', () => teardown(1000, ''));
    ws.on('error', () => teardown(1011, 'websocket error'));
    open.then(
      (s) => {
        stream = s;
        if (closed) return void s.destroy();
        const forward = (data: Buffer) => {
          ws.send(data, { binary: true });
          if (ws.bufferedAmount > HIGH_WATER) {
            s.pause();
            const wait = setInterval(() => {
              if (closed || ws.bufferedAmount < HIGH_WATER / 4) {
                clearInterval(wait);
                s.resume();
              }
            }, 20);
          }
        };
        // A guest echoes a paste one character at a time: on the serial line, what it wrote in
        // one turn of the event loop leaves as one frame, not thousands.
        let batch: Buffer[] = [];
        s.on('data', (chunk: Buffer) => {
          if (kind !== 'console') return forward(chunk);
          batch.push(chunk);
          if (batch.length > 1) return;
          setImmediate(() => {
            const data = batch.length === 1 ? batch[0]! : Buffer.concat(batch);
            batch = [];
            if (!closed) forward(data);
          });
        });
        s.on('end', () => teardown(1000, 'guest stream ended'));
        s.on('close', () => teardown(1000, 'guest stream closed'));
        s.on('error', () => teardown(1011, 'guest stream error'));
        ws.on('message', (data: Buffer, isBinary: boolean) => {
          // virt-handler reads binary frames only; text frames are dropped.
          if (!isBinary || closed) return;
          if (!s.write(data)) {
            ws.pause();
            s.once('drain', () => ws.resume());
          }
        });
      },
      () => teardown(1011, 'guest console unavailable'),
    );
  }

  closeAll(): void {
    for (const ws of this.sessions.values()) ws.close(1001, 'lab site stopping');
    this.sessions.clear();
  }
}
