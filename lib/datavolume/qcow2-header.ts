/**
 * The virtual size of a disk image from its first bytes, read in the browser before an upload:
 * a qcow2 header (magic `QFI\xfb`, big-endian size at offset 24), else the file is taken as raw.
 */
export type ImageFacts =
  { format: 'qcow2'; version: number; virtualSize: number } | { format: 'raw'; virtualSize: number };

/** Bytes to read from the start of the file. */
export const HEADER_BYTES = 32;

export function readImageHeader(head: Uint8Array, fileSize: number): ImageFacts {
  if (head.length >= 32 && head[0] === 0x51 && head[1] === 0x46 && head[2] === 0x49 && head[3] === 0xfb) {
    const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
    return { format: 'qcow2', version: view.getUint32(4), virtualSize: Number(view.getBigUint64(24)) };
  }
  return { format: 'raw', virtualSize: fileSize };
}

const MI = 1024 * 1024;
const GI = 1024 * MI;

/** A size request for an image: its virtual size rounded up to Gi (or Mi below 1 Gi). */
export function sizeRequestFor(virtualSize: number): string {
  if (virtualSize >= GI) return `${Math.ceil(virtualSize / GI)}Gi`;
  return `${Math.max(1, Math.ceil(virtualSize / MI))}Mi`;
}

/** The claim CDI makes in Filesystem mode: size / (1 - overhead), as CDI inflates `storage` requests. */
export function claimWithOverhead(bytes: number, overhead: number): number {
  return Math.ceil(bytes / (1 - overhead));
}
