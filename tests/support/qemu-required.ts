import { findGuestImage, qemuAvailable } from '@/lab/guest';

/** Whether real QEMU guests can run here (QEMU installed and the image built). */
export const qemuReady = qemuAvailable() && findGuestImage() !== undefined;

/** In CI real-guest tests always run, and fail when QEMU or the image is missing. */
export const runQemuTests = qemuReady || process.env.CI === 'true';

if (!runQemuTests) {
  console.warn(
    'real-guest tests NOT RUN: qemu-system-x86_64 or the guest image is missing; run `bash scripts/setup-guests.sh` (CI=true makes them fail instead)',
  );
}

/** Throws a clear error when QEMU is missing (in CI). */
export function requireQemu(): void {
  if (!qemuAvailable()) throw new Error('qemu-system-x86_64 is not installed: run scripts/setup-guests.sh');
  if (!findGuestImage()) throw new Error('guest image not built: run scripts/setup-guests.sh');
}
