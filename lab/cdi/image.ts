import { execFile } from 'node:child_process';
import { rename, rm, stat } from 'node:fs/promises';
import { promisify } from 'node:util';
import { TransferError } from './http-import';

const run = promisify(execFile);
const QEMU_IMG = process.env.EDGEVIRT_QEMU_IMG ?? 'qemu-img';
/** Formats CDI's importer converts (qemu-img's names). */
const FORMATS = new Set(['raw', 'qcow2', 'vmdk', 'vdi', 'vhdx', 'vpc']);

export interface ImageInfo {
  format: string;
  virtualSize: number;
  backing?: string;
}

function stderrOf(err: unknown): string {
  const e = err as { stderr?: string; message?: string };
  return (e.stderr || e.message || String(err)).trim().replace(/^qemu-img: /, '');
}

/** `qemu-img info --output=json`, as CDI's importer reads a downloaded or uploaded image. */
export async function imageInfo(file: string): Promise<ImageInfo> {
  let stdout: string;
  try {
    ({ stdout } = await run(QEMU_IMG, ['info', '--output=json', file], { timeout: 60_000 }));
  } catch (err) {
    // Without Debian's qemu-utils the lab can only take images as raw bytes.
    if ((err as NodeJS.ErrnoException).code === 'ENOENT')
      return { format: 'raw', virtualSize: (await stat(file)).size };
    throw new TransferError('Error', `Unable to process data: qemu-img: ${stderrOf(err)}`);
  }
  const j = JSON.parse(stdout) as { format: string; 'virtual-size': number; 'backing-filename'?: string };
  return { format: j.format, virtualSize: j['virtual-size'], backing: j['backing-filename'] };
}

/**
 * What CDI does with the bytes once they are on the scratch file: check the format and the
 * virtual size against the claim, then `qemu-img convert -O raw` into the claim's file (a raw
 * image is moved as it is). The scratch file is removed either way.
 */
export async function processImage(scratch: string, target: string, capacity: number): Promise<ImageInfo> {
  try {
    const info = await imageInfo(scratch);
    if (!FORMATS.has(info.format))
      throw new TransferError(
        'Error',
        `Unable to process data: Invalid format ${info.format} for image ${scratch}`,
      );
    if (info.backing)
      throw new TransferError(
        'Error',
        `Unable to process data: Image is invalid: Image has a backing file ${info.backing}`,
      );
    if (info.virtualSize > capacity)
      throw new TransferError(
        'Error',
        `Unable to process data: Virtual image size ${info.virtualSize} is larger than the reported available storage ${capacity}. A larger PVC is required.`,
      );
    if (info.format === 'raw') await rename(scratch, target);
    else {
      try {
        await run(QEMU_IMG, ['convert', '-t', 'writeback', '-p', '-O', 'raw', scratch, target], {
          timeout: 3_600_000,
        });
      } catch (err) {
        throw new TransferError(
          'Error',
          `Unable to process data: could not convert image to raw: ${stderrOf(err)}`,
        );
      }
    }
    return info;
  } finally {
    await rm(scratch, { force: true });
  }
}
