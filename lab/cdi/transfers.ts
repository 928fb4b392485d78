import { copyFile, open, stat } from 'node:fs/promises';
import type { KubeObject } from '../store/types';
import { quantityOr } from '../controllers/quantity';
import { R } from '../controllers/refs';
import type { Runtime } from '../controllers/runtime';
import { httpImport, TransferError } from './http-import';
import { processImage } from './image';
import type { VolumeFiles } from './volume-files';

/** Called with bytes done and the total when known. */
export type Progress = (done: number, total?: number) => void;

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(t);
      reject(signal.reason);
    }, { once: true });
  });

/** Creates a sparse file of `size` bytes (a blank disk). */
async function blank(file: string, size: number): Promise<void> {
  const fh = await open(file, 'w');
  await fh.truncate(size);
  await fh.close();
}

/**
 * Registry imports: there is no container registry on this machine, so a pull is simulated at
 * 50 MiB/s (scaled by timeScale) for the requested size, and the result is a sparse disk file.
 */
async function registryPull(rt: Runtime, file: string, size: number, signal: AbortSignal, onProgress: Progress): Promise<void> {
  const rate = 50 * 2 ** 20;
  let done = 0;
  while (done < size) {
    await sleep(rt.delay(1000), signal);
    done = Math.min(size, done + rate);
    onProgress(done, size);
  }
  await blank(file, size);
}

async function clone(rt: Runtime, dv: KubeObject, file: string, files: VolumeFiles, onProgress: Progress): Promise<void> {
  const src = dv.spec?.source?.pvc ?? {};
  const pvc = rt.store.get(R.pvc, src.namespace ?? dv.metadata.namespace, src.name ?? '');
  if (!pvc) throw new TransferError('SourcePVCNotFound', `Source PVC ${src.namespace ?? dv.metadata.namespace}/${src.name} not found`);
  const from = files.path(pvc.metadata.uid ?? '');
  const size = await stat(from).then((s) => s.size, () => undefined);
  if (size === undefined) await blank(file, quantityOr(pvc.spec?.resources?.requests?.storage, 0));
  else await copyFile(from, file);
  onProgress(size ?? 1, size ?? 1);
}

/** Runs the transfer a DataVolume's source asks for into the claim's file. */
export async function runTransfer(rt: Runtime, files: VolumeFiles, dv: KubeObject, pvc: KubeObject, signal: AbortSignal, onProgress: Progress): Promise<void> {
  const file = files.path(pvc.metadata.uid ?? '');
  const src = dv.spec?.source ?? {};
  const size = quantityOr(pvc.spec?.resources?.requests?.storage, 2 ** 30);
  if (src.http) {
    // Downloaded to scratch, then checked and converted to raw into the claim, as CDI does.
    const scratch = `${file}.scratch`;
    await httpImport(src.http.url, scratch, { checksum: src.http.checksum, signal, onProgress });
    await processImage(scratch, file, size);
    return;
  }
  if (src.registry) return registryPull(rt, file, Math.min(size, 512 * 2 ** 20), signal, onProgress);
  if (src.pvc) return clone(rt, dv, file, files, onProgress);
  if (src.blank) {
    await blank(file, size);
    onProgress(size, size);
    return;
  }
  throw new TransferError('Error', `source ${Object.keys(src).join(',') || 'none'} is not supported by the lab`);
}
