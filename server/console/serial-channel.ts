/**
 * One VM's serial line as the hub sees it: the single upstream websocket (KubeVirt allows one
 * serial session per VMI, and a new connection closes the old one), the browsers attached to
 * it, and the ring of recent output. The upstream stays open for a linger period after the last
 * browser leaves, so output produced while a user is away (a WAN blip, a closed laptop) is
 * captured and replayed on return.
 *
 * The hub never takes the session back: it dials only when a browser asks (prepare) or types,
 * and an upstream closed while the VM still runs means someone else (virtctl, another console
 * replica) took the line on purpose, so its browsers are told so instead of re-dialling.
 * Keystrokes reach the cluster as the user who typed them: the upstream is dialled as its
 * owner, and when another user types it is handed over to them (dialled again as that user).
 */
import type { WebSocket } from 'ws';
import { CLOSE_SERIAL_TAKEN_OVER } from '../../lib/api/console';
import { ByteRing } from './ring-buffer';
import { InFlight, InputGate, InputRate } from './serial-input';

/** Dials the upstream serial websocket; rejects with the HTTP status when refused. */
export type SerialDialer = () => Promise<WebSocket>;

/** A user of the line: who they are, how to dial as them, and when their grant ends. */
export interface SerialParty {
  user: string;
  dial: SerialDialer;
  /** Epoch ms when this user's session or link ends; the upstream dialled as them ends then too. */
  expiresAt?: number;
  /** Whether the VM still runs, asked as this user (an upstream that closed cleanly while it runs was taken over). */
  stillRunning?(): Promise<boolean>;
}

export interface SerialChannelOptions {
  bufferBytes: number;
  lingerMs: number;
  /** A browser whose send queue grows beyond this is dropped (it reconnects and gets the replay). */
  maxClientBufferedBytes: number;
  pingIntervalMs: number;
  inputBytesPerSecond: number;
  inputHighWaterBytes: number;
  onIdle(): void;
  log?(msg: string, fields?: Record<string, unknown>): void;
}

interface Client {
  ws: WebSocket;
  viewOnly: boolean;
  alive: boolean;
  party: SerialParty;
  gate: InputGate;
  rate: InputRate;
}

interface Upstream {
  ws: WebSocket;
  owner: SerialParty;
  inFlight: InFlight;
}

const OPEN = 1;

/** Close code for browsers when the upstream dropped: "service restart", try again. */
export const CLOSE_UPSTREAM_LOST = 1012;
/** Close code for a browser too slow to keep up. */
export const CLOSE_TOO_SLOW = 1013;
/** Input held while the line is handed over to another user, at most this much. */
const HANDOVER_QUEUE_BYTES = 64 * 1024;

export class SerialChannel {
  readonly ring: ByteRing;
  private upstream: Upstream | undefined;
  private dialing: Promise<void> | undefined;
  /** Upstreams this channel replaced or ended itself: their close is not a loss. */
  private readonly retired = new WeakSet<WebSocket>();
  private handover: { to: SerialParty; queue: Buffer[]; bytes: number } | undefined;
  private readonly clients = new Set<Client>();
  private lingerTimer: ReturnType<typeof setTimeout> | undefined;
  private ownerTimer: ReturnType<typeof setTimeout> | undefined;
  private pingTimer: ReturnType<typeof setInterval> | undefined;
  private pending: Buffer[] = [];
  private flushing = false;
  private closed = false;

  constructor(private readonly opts: SerialChannelOptions) {
    this.ring = new ByteRing(opts.bufferBytes);
  }

  /** Browsers attached now. */
  get clientCount(): number {
    return this.clients.size;
  }

  /** Whether the upstream serial websocket is open. */
  get upstreamOpen(): boolean {
    return this.upstream?.ws.readyState === OPEN;
  }

  /** The user the open upstream was dialled as. */
  get owner(): string | undefined {
    return this.upstreamOpen ? this.upstream?.owner.user : undefined;
  }

  /**
   * Makes sure the upstream is open (dialled as `party` when none is) and holds the channel
   * open for a browser that is about to join. Rejects when the upstream refuses, before the
   * browser's handshake, so it can be refused with a status.
   */
  async prepare(party: SerialParty): Promise<void> {
    if (this.closed) throw new Error('serial channel closed');
    this.cancelLinger();
    try {
      await this.ensureUpstream(party);
    } catch (err) {
      this.startLinger();
      throw err;
    }
  }

  /** Adds a browser after `prepare`: replays the ring, then streams. */
  join(ws: WebSocket, viewOnly: boolean, party: SerialParty): void {
    if (ws.readyState !== OPEN || this.closed) {
      this.startLinger();
      return;
    }
    // Output already in the ring but not yet fanned out must not reach this browser twice.
    if (this.flushing) this.flush();
    const gate = new InputGate(ws);
    const client: Client = { ws, viewOnly, alive: true, party, gate, rate: undefined as unknown as InputRate };
    client.rate = new InputRate(gate, this.opts.inputBytesPerSecond, (buf) => this.toUpstream(client, buf));
    this.clients.add(client);
    const replay = this.ring.snapshot();
    if (replay.length) ws.send(replay, { binary: true });
    ws.on('message', (data, isBinary) => this.fromClient(client, data, isBinary));
    ws.on('pong', () => void (client.alive = true));
    ws.on('close', () => this.detach(client));
    ws.on('error', () => this.detach(client));
    if (this.upstream?.inFlight.isPaused) gate.set('upstream', true);
    if (this.handover) gate.set('handover', true);
    this.startPings();
    if (!this.upstreamOpen && !this.handover) {
      // The upstream dropped between prepare and join: let the browser retry.
      ws.close(CLOSE_UPSTREAM_LOST, 'serial upstream closed');
      this.detach(client);
    }
  }

  /** Called when a prepared browser never joined (it left during the handshake). */
  abandon(): void {
    this.startLinger();
  }

  /** Closes everything now (server shutdown, linger over). */
  close(): void {
    this.closed = true;
    this.cancelLinger();
    if (this.ownerTimer) clearTimeout(this.ownerTimer);
    if (this.pingTimer) clearInterval(this.pingTimer);
    for (const c of this.clients) {
      c.rate.stop();
      c.ws.close(1001, 'server shutting down');
    }
    this.clients.clear();
    this.retireUpstream('serial console closed');
  }

  private ensureUpstream(party: SerialParty): Promise<void> {
    if (this.upstreamOpen) return Promise.resolve();
    this.dialing ??= party
      .dial()
      .then((ws) => this.adopt(ws, party))
      .finally(() => (this.dialing = undefined));
    return this.dialing;
  }

  private adopt(ws: WebSocket, owner: SerialParty): void {
    if (this.closed) {
      ws.close(1000);
      return;
    }
    const up: Upstream = { ws, owner, inFlight: new InFlight(this.opts.inputHighWaterBytes, (p) => this.holdAll('upstream', p)) };
    this.upstream = up;
    ws.on('message', (data: Buffer | ArrayBuffer | Buffer[]) => this.fromUpstream(toBuffer(data)));
    ws.on('close', (code) => void this.upstreamLost(up, code));
    ws.on('error', () => void this.upstreamLost(up, 1006));
    this.holdAll('upstream', false);
    this.watchOwnerExpiry(up);
    this.opts.log?.('serial upstream open', { user: owner.user });
  }

  /** Output is fanned out once per turn of the event loop, not once per upstream frame. */
  private fromUpstream(chunk: Buffer): void {
    this.ring.append(chunk);
    this.pending.push(chunk);
    if (this.flushing) return;
    this.flushing = true;
    setImmediate(() => this.flush());
  }

  private flush(): void {
    this.flushing = false;
    if (this.pending.length === 0) return;
    const data = this.pending.length === 1 ? this.pending[0]! : Buffer.concat(this.pending);
    this.pending = [];
    for (const c of this.clients) {
      if (c.ws.readyState !== OPEN) continue;
      if (c.ws.bufferedAmount > this.opts.maxClientBufferedBytes) {
        c.ws.close(CLOSE_TOO_SLOW, 'client too slow');
        this.detach(c);
        continue;
      }
      c.ws.send(data, { binary: true });
    }
  }

  private fromClient(client: Client, data: unknown, isBinary: boolean): void {
    // KubeVirt drops text frames; so do we. A view-only viewer cannot type.
    if (!isBinary || client.viewOnly) return;
    client.rate.push(toBuffer(data as Buffer | ArrayBuffer | Buffer[]));
  }

  /** Input that passed the browser's rate limit. */
  private toUpstream(client: Client, buf: Buffer): void {
    const up = this.upstream;
    if (this.handover || !up || up.ws.readyState !== OPEN || up.owner.user !== client.party.user) {
      this.queueForHandover(client.party, buf);
      return;
    }
    up.inFlight.send(up.ws, buf);
  }

  /** Input from a user who does not own the line: dial it again as them, then send. */
  private queueForHandover(party: SerialParty, buf: Buffer): void {
    if (this.handover && this.handover.to.user !== party.user) return; // someone else is taking over now
    if (!this.handover) this.startHandover(party);
    const h = this.handover!;
    if (h.bytes + buf.length > HANDOVER_QUEUE_BYTES) return;
    h.queue.push(buf);
    h.bytes += buf.length;
  }

  private startHandover(party: SerialParty): void {
    const h = { to: party, queue: [] as Buffer[], bytes: 0 };
    this.handover = h;
    this.holdAll('handover', true);
    const previous = this.upstream;
    // The cluster closes the previous session when the new one opens: that close is ours.
    if (previous) this.retired.add(previous.ws);
    this.opts.log?.('serial handover', { from: previous?.owner.user, to: party.user });
    party.dial().then(
      (ws) => {
        if (this.handover !== h) return void ws.close(1000);
        this.handover = undefined;
        if (previous) previous.ws.close(1000, 'handed over to the user typing');
        this.adopt(ws, party);
        const up = this.upstream!;
        for (const b of h.queue) up.inFlight.send(up.ws, b);
        this.holdAll('handover', false);
      },
      (err: Error) => {
        if (this.handover !== h) return;
        this.handover = undefined;
        if (previous) this.retired.delete(previous.ws);
        this.holdAll('handover', false);
        this.opts.log?.('serial handover refused', { user: party.user, error: err.message });
        for (const c of [...this.clients]) {
          if (c.party.user !== party.user) continue;
          c.ws.close(CLOSE_UPSTREAM_LOST, `the serial console could not be opened as you: ${err.message}`.slice(0, 120));
          this.detach(c);
        }
        if (!this.upstreamOpen) this.dropClients(CLOSE_UPSTREAM_LOST, 'serial upstream closed');
        else if ((this.upstream?.owner.expiresAt ?? Infinity) <= Date.now()) {
          this.close();
          this.opts.onIdle();
        }
      },
    );
  }

  private async upstreamLost(up: Upstream, code: number): Promise<void> {
    if (this.upstream !== up) return;
    this.upstream = undefined;
    if (this.ownerTimer) clearTimeout(this.ownerTimer);
    if (this.retired.has(up.ws) || this.closed) return;
    this.opts.log?.('serial upstream closed', { code, user: up.owner.user });
    if (this.clients.size === 0) {
      this.startLinger();
      return;
    }
    // A normal close (1000) while the VM still runs: another client took the line. Say so, and
    // do not take it back. Anything else (1001 an API server going away, 1006 a dropped link,
    // 1011) is a loss the browsers retry.
    const clean = code === 1000;
    const running = clean && up.owner.stillRunning ? await up.owner.stillRunning().catch(() => false) : false;
    if (this.upstreamOpen || this.handover) return; // a browser re-opened it meanwhile
    if (running) this.dropClients(CLOSE_SERIAL_TAKEN_OVER, 'another client took over this serial console');
    else this.dropClients(CLOSE_UPSTREAM_LOST, 'serial upstream closed');
  }

  /** The upstream ends with its owner's grant: hand it to another attached user, or close. */
  private watchOwnerExpiry(up: Upstream): void {
    if (this.ownerTimer) clearTimeout(this.ownerTimer);
    this.ownerTimer = undefined;
    const at = up.owner.expiresAt;
    if (at === undefined || at - Date.now() >= 2 ** 31 - 1) return;
    this.ownerTimer = setTimeout(() => {
      if (this.upstream !== up) return;
      const now = Date.now();
      const heir = [...this.clients].find((c) => c.party.user !== up.owner.user && (c.party.expiresAt ?? Infinity) > now);
      if (heir) {
        this.startHandover(heir.party);
        return;
      }
      this.opts.log?.('serial owner grant ended', { user: up.owner.user });
      this.close();
      this.opts.onIdle();
    }, Math.max(0, at - Date.now()));
    this.ownerTimer.unref?.();
  }

  private retireUpstream(reason: string): void {
    const up = this.upstream;
    this.upstream = undefined;
    if (!up) return;
    this.retired.add(up.ws);
    up.ws.close(1000, reason);
  }

  private dropClients(code: number, reason: string): void {
    for (const c of this.clients) {
      c.rate.stop();
      c.ws.close(code, reason);
    }
    this.clients.clear();
    this.startLinger();
  }

  private holdAll(reason: 'upstream' | 'handover', on: boolean): void {
    for (const c of this.clients) c.gate.set(reason, on);
  }

  private detach(client: Client): void {
    if (!this.clients.delete(client)) return;
    client.rate.stop();
    if (this.clients.size === 0) this.startLinger();
  }

  /** Linger ends after `lingerMs`, or when the upstream owner's grant does, whichever is first. */
  private startLinger(): void {
    if (this.lingerTimer || this.clients.size > 0 || this.closed) return;
    const expiresAt = this.upstream?.owner.expiresAt;
    const delay = Math.min(this.opts.lingerMs, expiresAt === undefined ? Infinity : Math.max(0, expiresAt - Date.now()));
    this.lingerTimer = setTimeout(() => {
      this.lingerTimer = undefined;
      if (this.clients.size > 0) return;
      this.close();
      this.opts.onIdle();
    }, delay);
    this.lingerTimer.unref?.();
  }

  private cancelLinger(): void {
    if (this.lingerTimer) clearTimeout(this.lingerTimer);
    this.lingerTimer = undefined;
  }

  /** Keepalive so idle consoles survive proxies that cut silent connections (~20 s seen in the field). */
  private startPings(): void {
    if (this.pingTimer) return;
    this.pingTimer = setInterval(() => {
      for (const c of this.clients) {
        if (!c.alive) {
          c.ws.terminate();
          this.detach(c);
          continue;
        }
        c.alive = false;
        c.ws.ping();
      }
      if (this.upstreamOpen) this.upstream?.ws.ping();
    }, this.opts.pingIntervalMs);
    this.pingTimer.unref?.();
  }
}

function toBuffer(data: Buffer | ArrayBuffer | Buffer[]): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}
