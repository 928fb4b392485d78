import net from 'node:net';
import { RTO_MS, type LinkParams } from './links';

/** One direction of a shaped stream: when the link is free again and when the last byte lands. */
export interface LaneState {
  freeAt: number;
  lastDelivery: number;
}

/** Largest piece scheduled at once, so pacing is smooth at low bandwidth. */
export const SEGMENT = 16 * 1024;

/**
 * When a piece of `size` bytes sent at `now` arrives: it waits for the link (serialization at
 * the link's bandwidth), then the one-way latency plus jitter, plus a retransmission timeout
 * and another trip when lost. TCP delivers in order, so never before the previous piece.
 */
export function deliveryTime(
  lane: LaneState,
  size: number,
  now: number,
  link: LinkParams,
  rand: () => number,
): number {
  const start = Math.max(now, lane.freeAt);
  const serialize = link.bandwidthBytesPerSec > 0 ? (size / link.bandwidthBytesPerSec) * 1000 : 0;
  lane.freeAt = start + serialize;
  let at = lane.freeAt + link.latencyMs + link.jitterMs * rand();
  if (link.lossPercent > 0 && rand() * 100 < link.lossPercent) at += RTO_MS + 2 * link.latencyMs;
  at = Math.max(at, lane.lastDelivery);
  lane.lastDelivery = at;
  return at;
}

/** Buffered bytes above which the sender is paused (TCP's window, roughly). */
const HIGH_WATER = 1024 * 1024;

function shapeLane(from: net.Socket, to: net.Socket, link: () => LinkParams): void {
  const lane: LaneState = { freeAt: 0, lastDelivery: 0 };
  // One FIFO and one timer per direction: pieces leave in order even when their times round alike.
  const queue: { at: number; piece: Buffer }[] = [];
  let queued = 0;
  let ended = false;
  let timer: NodeJS.Timeout | undefined;
  const pump = (): void => {
    timer = undefined;
    while (queue.length && queue[0]!.at <= Date.now()) {
      const { piece } = queue.shift()!;
      queued -= piece.length;
      if (!to.destroyed) to.write(piece);
    }
    if (queued < HIGH_WATER / 2 && from.isPaused()) from.resume();
    if (queue.length) timer = setTimeout(pump, Math.max(1, Math.ceil(queue[0]!.at - Date.now())));
    else if (ended) to.end();
  };
  from.on('data', (chunk: Buffer) => {
    for (let off = 0; off < chunk.length; off += SEGMENT) {
      const piece = chunk.subarray(off, off + SEGMENT);
      queue.push({ at: deliveryTime(lane, piece.length, Date.now(), link(), Math.random), piece });
      queued += piece.length;
    }
    if (queued > HIGH_WATER) from.pause();
    if (!timer) timer = setTimeout(pump, Math.max(0, Math.ceil(queue[0]!.at - Date.now())));
  });
  from.on('end', () => {
    ended = true;
    if (!timer) pump();
  });
  from.on('close', () => {
    if (timer && to.destroyed) clearTimeout(timer);
  });
}

export interface Shaper {
  /** Where to connect to reach the target through the link. */
  port: number;
  close(): Promise<void>;
}

/**
 * A TCP relay on loopback standing for the WAN between two sites: everything sent to `port`
 * reaches `target` with the link's bandwidth, latency, jitter and loss applied both ways. The
 * link is read per segment, so an admin change applies to streams already open.
 */
export async function startShaper(
  target: { host: string; port: number },
  link: () => LinkParams,
): Promise<Shaper> {
  const sockets = new Set<net.Socket>();
  // Half-open both ways: a sender's FIN reaches the other end only after its queued bytes did
  // (QEMU closes right after the last page; cutting the queue would break the target's stream).
  const server = net.createServer({ allowHalfOpen: true }, (client) => {
    const upstream = net.connect({ port: target.port, host: target.host, allowHalfOpen: true });
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => (s === client ? upstream : client).destroy());
    }
    shapeLane(client, upstream, link);
    shapeLane(upstream, client, link);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const addr = server.address();
  return {
    port: typeof addr === 'object' && addr ? addr.port : 0,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
