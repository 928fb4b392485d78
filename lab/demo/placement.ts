/**
 * Where the lab's sites sit in the fleet, as the seeds describe it: `central*` is the central
 * cluster, `region-<r>` a regional hub of region r, every other site a single-node edge location
 * assigned round-robin to the lab's regions (or to four made-up ones when it has no hub). Written
 * into the lab's kubeconfig as each context's `edgevirt.dev/site` extension.
 */
import type { SitePlacement } from '../../lib/api/sites';

const FALLBACK_REGIONS = ['east', 'west', 'north', 'south'];

export function labPlacements(names: string[]): Map<string, SitePlacement> {
  const hubs = names.flatMap((n) => /^region-(.+)$/.exec(n)?.[1] ?? []);
  const regions = hubs.length ? hubs : FALLBACK_REGIONS;
  const out = new Map<string, SitePlacement>();
  let edge = 0;
  for (const name of names) {
    const hub = /^region-(.+)$/.exec(name)?.[1];
    if (name.startsWith('central')) out.set(name, { tier: 'central', region: 'hq', labels: { role: 'hub' } });
    else if (hub) out.set(name, { tier: 'regional', region: hub, labels: { role: 'hub' } });
    else
      out.set(name, {
        tier: 'edge',
        region: regions[edge++ % regions.length] as string,
        labels: { nodes: 'single' },
      });
  }
  return out;
}
