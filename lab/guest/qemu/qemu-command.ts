import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { GuestNic, GuestSpec } from '../types';
import { segmentSocket } from './l2-segments';

/** The built guest image: kernel and initramfs from lab/guest-image/build-image.sh. */
export interface GuestImage {
  kernel: string;
  initrd: string;
}

/** Files of one QEMU process's run directory. */
export interface RunPaths {
  dir: string;
  qmp: string;
  vnc: string;
  serial: string;
  serialLog: string;
  agent: string;
}

const QEMU_BINARY = 'qemu-system-x86_64';

/** The image cache: $EDGEVIRT_GUEST_CACHE or lab/guest-image/cache. */
export function guestCacheDir(): string {
  const fromEnv = process.env.EDGEVIRT_GUEST_CACHE;
  if (fromEnv) return fromEnv;
  const here = path.dirname(fileURLToPath(import.meta.url));
  return path.resolve(here, '../../guest-image/cache');
}

/** The built image, or undefined when setup-guests.sh has not run. */
export function findGuestImage(cacheDir = guestCacheDir()): GuestImage | undefined {
  const kernel = path.join(cacheDir, 'vmlinuz');
  const initrd = path.join(cacheDir, 'initrd.cpio.gz');
  return existsSync(kernel) && existsSync(initrd) ? { kernel, initrd } : undefined;
}

let qemuInstalled: boolean | undefined;

/** Whether qemu-system-x86_64 runs on this machine (checked once). */
export function qemuAvailable(): boolean {
  if (qemuInstalled === undefined) {
    try {
      execFileSync(QEMU_BINARY, ['--version'], { stdio: 'ignore', timeout: 10_000 });
      qemuInstalled = true;
    } catch {
      qemuInstalled = false;
    }
  }
  return qemuInstalled;
}

export function runPaths(dir: string): RunPaths {
  return {
    dir,
    qmp: path.join(dir, 'qmp.sock'),
    vnc: path.join(dir, 'vnc.sock'),
    serial: path.join(dir, 'serial.sock'),
    serialLog: path.join(dir, 'serial.log'),
    agent: path.join(dir, 'agent.sock'),
  };
}

/** Guest RAM: 128 MiB (the cloud kernel needs 80+), or $EDGEVIRT_QEMU_MEM_MIB. */
export function guestMemoryMiB(): number {
  const v = Number(process.env.EDGEVIRT_QEMU_MEM_MIB);
  return Number.isFinite(v) && v >= 128 ? Math.floor(v) : 128;
}

/** Kernel command-line safe hostname (RFC 1123 label characters only). */
function safeHostname(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9.-]/g, '-').slice(0, 63) || 'edge-vm';
}

/**
 * The QEMU command line. A migration target must use the very same device set and image, so
 * source and target are both built here; only the run directory and `-incoming` differ.
 */
export function qemuArgs(spec: GuestSpec, image: GuestImage, run: RunPaths, incoming: boolean): string[] {
  // no_timer_check: under TCG on a loaded host the kernel's IO-APIC timer check can fail and
  // panic ("IO-APIC + timer doesn't work"), as seen with 8 guests booting on 2 busy cores.
  const append = ['console=ttyS0', 'console=tty0', 'quiet', 'no_timer_check', `edgevirt.hostname=${safeHostname(spec.hostname)}`];
  if (spec.ipAddress && /^[0-9.]+$/.test(spec.ipAddress)) append.push(`edgevirt.ip=${spec.ipAddress}`);
  const nics = (spec.nics ?? []).filter(validNic);
  for (const nic of nics) append.push(`edgevirt.nic=${[nic.mac, nic.address, nic.link.kind === 'nat' ? nic.link.gateway : ''].join(',').replace(/,$/, '')}`);
  const args = [
    '-name', `${spec.namespace}_${spec.name}`,
    '-machine', 'q35',
    '-accel', 'tcg',
    '-cpu', 'qemu64',
    '-m', String(guestMemoryMiB()),
    '-smp', '1',
    '-nodefaults', '-no-user-config',
    '-display', 'none',
    '-vga', 'std',
    '-vnc', `unix:${run.vnc}`,
    '-chardev', `socket,id=ser0,path=${run.serial},server=on,wait=off,logfile=${run.serialLog}`,
    '-serial', 'chardev:ser0',
    '-chardev', `socket,id=ser1,path=${run.agent},server=on,wait=off`,
    '-serial', 'chardev:ser1',
    '-qmp', `unix:${run.qmp},server=on,wait=off`,
    '-kernel', image.kernel,
    '-initrd', image.initrd,
    '-append', append.join(' '),
  ];
  nics.forEach((nic, i) => args.push(...nicArgs(nic, i)));
  if (incoming) args.push('-incoming', 'defer');
  return args;
}

const MAC = /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/i;
const CIDR = /^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/;
const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

/** Only well-formed NICs reach the command line (it is split on spaces and commas). */
function validNic(nic: GuestNic): boolean {
  if (!MAC.test(nic.mac) || !CIDR.test(nic.address)) return false;
  return nic.link.kind === 'segment' || (CIDR.test(nic.link.net) && IPV4.test(nic.link.gateway));
}

/**
 * A virtio NIC (the one driver the guest image carries, whatever model the VM names) on QEMU's
 * user networking or on the segment's switch. No option ROM: the guest boots from -kernel.
 */
function nicArgs(nic: GuestNic, i: number): string[] {
  const id = `net${i}`;
  const netdev =
    nic.link.kind === 'nat'
      ? `user,id=${id},net=${nic.link.net},host=${nic.link.gateway}`
      : `stream,id=${id},server=off,addr.type=unix,addr.path=${segmentSocket(nic.link.segment)}`;
  return ['-netdev', netdev, '-device', `virtio-net-pci,netdev=${id},mac=${nic.mac},romfile=`];
}

export { QEMU_BINARY };
