import { existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The file a lab site's CDI keeps for a claim (by uid), found in the site's temp folders. */
export function volumeFile(site: string, pvcUid: string): string | undefined {
  for (const d of readdirSync(tmpdir()).filter((x) => x.startsWith(`edgevirt-cdi-${site}-`))) {
    const f = join(tmpdir(), d, `${pvcUid}.img`);
    if (existsSync(f)) return f;
  }
  return undefined;
}
