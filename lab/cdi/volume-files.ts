import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Where a site keeps the bytes of its volumes: one file per PVC uid in a per-site temp dir,
 * removed when the site stops.
 */
export class VolumeFiles {
  readonly dir: string;

  constructor(site: string) {
    this.dir = mkdtempSync(join(tmpdir(), `edgevirt-cdi-${site.replace(/[^\w-]/g, '_')}-`));
  }

  /** The disk image file behind a PVC (by uid). */
  path(pvcUid: string): string {
    return join(this.dir, `${pvcUid}.img`);
  }

  cleanup(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
