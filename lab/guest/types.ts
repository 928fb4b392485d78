import type { Duplex } from 'node:stream';

/** What a VMI's guest is started from. */
export interface GuestSpec {
  namespace: string;
  name: string;
  hostname: string;
  /** Guest RAM. Real QEMU guests use at least 128 MiB whatever the VM asks for. */
  memoryMiB: number;
  cpus: number;
  /** Node the guest runs on, for display in the built-in guest's prompt and `uname -n` style output. */
  node: string;
  ipAddress?: string;
  macAddress?: string;
  /** The guest's NICs, in interface order. Real guests get one virtio NIC each. */
  nics?: GuestNic[];
}

/**
 * One NIC of a guest. `nat`: QEMU's user networking, NAT to the host, as KubeVirt's masquerade
 * binding does behind the pod (`net` is the guest side's /24, `gateway` its router). `segment`:
 * an L2 segment that every guest attached to the same network of the same site shares.
 */
export interface GuestNic {
  mac: string;
  /** Address and prefix the guest configures, e.g. `192.168.120.7/24`. */
  address: string;
  link: { kind: 'nat'; net: string; gateway: string } | { kind: 'segment'; segment: string };
}

/** Statistics of a live migration, shaped after QMP `query-migrate`. */
export interface MigrationStats {
  status: 'setup' | 'active' | 'completed' | 'failed' | 'cancelled' | 'postcopy-active';
  totalBytes: number;
  processedBytes: number;
  remainingBytes: number;
  dirtyRateBytesPerSec: number;
  transferRateBytesPerSec: number;
  expectedDowntimeMs: number;
  dirtySyncCount: number;
  downtimeMs?: number;
  error?: string;
}

export interface MigrationOptions {
  /** 0 = unlimited. */
  bandwidthBytesPerSec: number;
  allowAutoConverge: boolean;
  allowPostCopy: boolean;
  targetNode: string;
  /**
   * The way from source to target: given the target's loopback port, the port the source sends
   * to (a WAN shaper in front of it for a migration to another site). Direct when absent.
   */
  via?(targetPort: number): Promise<number>;
}

export interface GuestMigration {
  stats(): Promise<MigrationStats>;
  cancel(): Promise<void>;
  /** Switch a running migration to post-copy (QMP migrate-start-postcopy). */
  startPostCopy(): Promise<void>;
  /** Resolves with the guest now running on the target once the migration completed. Rejects on failure or cancel, with the source still running. */
  done: Promise<Guest>;
}

export interface GuestInfo {
  hostname: string;
  kernelRelease: string;
  kernelVersion: string;
  os: { name: string; id: string; version: string; prettyName: string };
  uptimeSeconds: number;
}

/**
 * A running guest: a real QEMU process or the built-in guest. VNC and serial streams carry raw
 * RFB and raw serial bytes. Only one VNC and one serial client at a time: opening a new one
 * closes the previous, as virt-handler does.
 */
export interface Guest {
  readonly kind: 'qemu' | 'builtin';
  readonly spec: GuestSpec;
  /** Settles once the domain runs (QEMU spawned past its boot slot): what makes a VMI Running. */
  started: Promise<void>;
  /** Resolves once the guest has booted to its shell prompt. */
  ready: Promise<void>;
  openVnc(): Promise<Duplex>;
  openSerial(): Promise<Duplex>;
  /** Number of VNC clients connected now (0 or 1), for `kubevirt_vnc_active_connections`. */
  vncConnections(): number;
  pause(): Promise<void>;
  unpause(): Promise<void>;
  reset(): Promise<void>;
  softReboot(): Promise<void>;
  /** Clean power-off, forced after `graceMs`. */
  shutdown(graceMs: number): Promise<void>;
  /** Memory-dirtying workload inside the guest, bytes per second (0 = idle). */
  setDirtyRate(bytesPerSec: number): Promise<void>;
  /**
   * Real live migration (QEMU guests only). For the built-in guest the lab's migration model
   * decides the outcome and then calls `relocate`.
   */
  migrate?(opts: MigrationOptions): GuestMigration;
  /** Moves the built-in guest to another node without losing its state (uptime, screen, shell). */
  relocate(node: string): void;
  info(): Promise<GuestInfo>;
  /** Called once when the guest stops for any reason. */
  onExit(cb: (reason: 'shutdown' | 'crashed' | 'killed') => void): void;
}

export interface GuestFactory {
  /** Starts a guest: QEMU while under the cap and installed, built-in otherwise. */
  start(spec: GuestSpec): Guest;
  /** How many real QEMU guests run now, and the cap. */
  usage(): { qemu: number; builtin: number; cap: number };
  stopAll(): Promise<void>;
}
