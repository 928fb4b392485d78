import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * Upstream's reference data (swagger documents, examples): `../shared/kubevirt-reference` beside
 * the repository, or `EDGEVIRT_KUBEVIRT_REFERENCE`. Tests only, as an oracle: the lab derives
 * its schemas from a dependency (lab/schemas) and never reads this.
 */
export function referenceDir(): string {
  return (
    process.env.EDGEVIRT_KUBEVIRT_REFERENCE ??
    fileURLToPath(new URL('../../../shared/kubevirt-reference', import.meta.url))
  );
}

/** Whether the reference data is there (a clone of the repository alone has none). */
export function hasReference(): boolean {
  return existsSync(referenceDir());
}
