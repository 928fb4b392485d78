/**
 * The serial hub: one upstream serial connection per VM, shared by every browser that opens
 * that VM's serial console, with a ring of recent output replayed on connect and offered for
 * download. Each user is checked by the cluster before being attached to a shared upstream.
 */
import type { WebSocket } from 'ws';
import type { VmRef } from '../../lib/api/console';
import { SerialChannel, type SerialParty } from './serial-channel';
import { DEFAULT_SERIAL_INPUT_BYTES_PER_SECOND, DEFAULT_SERIAL_INPUT_HIGH_WATER } from './serial-input';

export interface SerialHubOptions<I> {
  /** Dials the VM's upstream `console` subresource as `identity` (B's dialUpstream). */
  dial(vm: VmRef, identity: I): Promise<WebSocket>;
  /**
   * Asks the cluster whether `identity` may open the VM's serial console (a
   * SelfSubjectAccessReview for `get virtualmachineinstances/console`). Throws when not.
   */
  authorize(vm: VmRef, identity: I): Promise<void>;
  /** The user behind `identity`: keystrokes reach the cluster dialled as the user who typed them. */
  userOf(identity: I): string;
  /** When `identity`'s grant ends (epoch ms); an upstream dialled as it ends then too. */
  expiresAt?(identity: I): number | undefined;
  /** Whether the VMI still runs, asked as `identity` (tells a takeover from a lost line). */
  stillRunning?(vm: VmRef, identity: I): Promise<boolean>;
  /** Bytes of recent output kept per VM. Default 256 KiB. */
  bufferBytes?: number;
  /** How long the upstream stays open after the last browser left. Default 10 minutes. */
  lingerMs?: number;
  maxClientBufferedBytes?: number;
  pingIntervalMs?: number;
  /** Input bytes per second per browser. Default 32 KiB. */
  inputBytesPerSecond?: number;
  inputHighWaterBytes?: number;
  log?(msg: string, fields?: Record<string, unknown>): void;
}

export const DEFAULT_SERIAL_BUFFER_BYTES = 256 * 1024;
export const DEFAULT_SERIAL_LINGER_MS = 10 * 60 * 1000;

function keyOf(vm: VmRef): string {
  return JSON.stringify([vm.site, vm.namespace, vm.name]);
}

export class SerialHub<I> {
  private readonly channels = new Map<string, SerialChannel>();

  constructor(private readonly opts: SerialHubOptions<I>) {}

  /**
   * Checks the user with the cluster and opens (or reuses) the VM's upstream, before the
   * browser's handshake. Rejects with the cluster's refusal. The result joins the browser.
   */
  async open(
    vm: VmRef,
    identity: I,
  ): Promise<{ join(ws: WebSocket, viewOnly: boolean): void; abandon(): void }> {
    await this.opts.authorize(vm, identity);
    const channel = this.channelFor(vm);
    const party = this.partyOf(vm, identity);
    await channel.prepare(party);
    return { join: (ws, viewOnly) => channel.join(ws, viewOnly, party), abandon: () => channel.abandon() };
  }

  /** `open` then `join` for an already open browser websocket. */
  async attach(vm: VmRef, identity: I, ws: WebSocket, viewOnly: boolean): Promise<void> {
    const joiner = await this.open(vm, identity);
    joiner.join(ws, viewOnly);
  }

  /** The buffered output of a VM, after checking the user's access; undefined when none is held. */
  async buffer(vm: VmRef, identity: I): Promise<Buffer | undefined> {
    await this.opts.authorize(vm, identity);
    return this.channels.get(keyOf(vm))?.ring.snapshot();
  }

  /** Figures for metrics and tests. */
  stats(vm: VmRef): { clients: number; upstreamOpen: boolean; owner: string | undefined; bufferedBytes: number } | undefined {
    const ch = this.channels.get(keyOf(vm));
    return ch && { clients: ch.clientCount, upstreamOpen: ch.upstreamOpen, owner: ch.owner, bufferedBytes: ch.ring.size };
  }

  /** Closes every channel (server shutdown). */
  close(): void {
    for (const ch of this.channels.values()) ch.close();
    this.channels.clear();
  }

  private partyOf(vm: VmRef, identity: I): SerialParty {
    const { stillRunning, expiresAt } = this.opts;
    return {
      user: this.opts.userOf(identity),
      dial: () => this.opts.dial(vm, identity),
      expiresAt: expiresAt?.(identity),
      ...(stillRunning ? { stillRunning: () => stillRunning(vm, identity) } : {}),
    };
  }

  private channelFor(vm: VmRef): SerialChannel {
    const key = keyOf(vm);
    const existing = this.channels.get(key);
    if (existing) return existing;
    const channel: SerialChannel = new SerialChannel({
      bufferBytes: this.opts.bufferBytes ?? DEFAULT_SERIAL_BUFFER_BYTES,
      lingerMs: this.opts.lingerMs ?? DEFAULT_SERIAL_LINGER_MS,
      maxClientBufferedBytes: this.opts.maxClientBufferedBytes ?? 4 * 1024 * 1024,
      pingIntervalMs: this.opts.pingIntervalMs ?? 20_000,
      inputBytesPerSecond: this.opts.inputBytesPerSecond ?? DEFAULT_SERIAL_INPUT_BYTES_PER_SECOND,
      inputHighWaterBytes: this.opts.inputHighWaterBytes ?? DEFAULT_SERIAL_INPUT_HIGH_WATER,
      onIdle: () => {
        if (this.channels.get(key) === channel) this.channels.delete(key);
      },
      log: (msg, fields) => this.opts.log?.(msg, { ...vm, ...fields }),
    });
    this.channels.set(key, channel);
    return channel;
  }
}
