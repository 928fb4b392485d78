/**
 * L2 segments for real guests: one small learning switch per segment (a site's network that
 * several guests attach to, e.g. a bridge NetworkAttachmentDefinition on a VLAN). Each guest NIC
 * on a segment is a QEMU `-netdev stream` client of the segment's unix socket; QEMU frames every
 * Ethernet frame with its length as a 4-byte big-endian number, both ways.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** A port's frames beyond this many queued bytes are dropped, as a switch drops on congestion. */
const MAX_QUEUED_BYTES = 1 << 20;
const MAX_FRAME_BYTES = 65_536;

interface Port {
  socket: net.Socket;
}

class Segment {
  private readonly ports = new Set<Port>();
  private readonly macs = new Map<string, Port>();
  readonly server: net.Server;

  constructor(readonly socketPath: string) {
    this.server = net.createServer((socket) => this.attach(socket));
    this.server.unref();
  }

  private attach(socket: net.Socket): void {
    const port: Port = { socket };
    this.ports.add(port);
    let pending: Buffer = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
      while (pending.length >= 4) {
        const len = pending.readUInt32BE(0);
        if (len > MAX_FRAME_BYTES) return socket.destroy();
        if (pending.length < 4 + len) break;
        this.forward(port, pending.subarray(0, 4 + len));
        pending = pending.subarray(4 + len);
      }
    });
    const detach = () => {
      this.ports.delete(port);
      for (const [mac, p] of this.macs) if (p === port) this.macs.delete(mac);
    };
    socket.on('close', detach);
    socket.on('error', () => socket.destroy());
  }

  /** `record` is the length prefix plus the frame: destination MAC at 4, source MAC at 10. */
  private forward(from: Port, record: Buffer): void {
    if (record.length < 4 + 14) return;
    const dst = record.subarray(4, 10).toString('hex');
    this.macs.set(record.subarray(10, 16).toString('hex'), from);
    const known = (record[4]! & 1) === 0 ? this.macs.get(dst) : undefined;
    const targets = known ? [known] : [...this.ports];
    for (const port of targets) {
      if (port === from || port.socket.writableLength > MAX_QUEUED_BYTES) continue;
      port.socket.write(record);
    }
  }
}

const segments = new Map<string, Segment>();
let socketDir: string | undefined;

function dir(): string {
  if (!socketDir) {
    // Short: unix socket paths are limited to 107 bytes.
    socketDir = path.join(os.tmpdir(), `evl2-${process.pid}`);
    mkdirSync(socketDir, { recursive: true });
    process.once('exit', () => rmSync(socketDir!, { recursive: true, force: true }));
  }
  return socketDir;
}

/** The unix socket of a segment (named by the caller, e.g. `site/bridge/vlan`), listening. */
export function segmentSocket(segment: string): string {
  const existing = segments.get(segment);
  if (existing) return existing.socketPath;
  const socketPath = path.join(
    dir(),
    `${createHash('sha256').update(segment).digest('hex').slice(0, 16)}.sock`,
  );
  rmSync(socketPath, { force: true });
  const seg = new Segment(socketPath);
  // A pipe server binds synchronously: the socket exists when listen() returns.
  seg.server.listen(socketPath);
  segments.set(segment, seg);
  return socketPath;
}
