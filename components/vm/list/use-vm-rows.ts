'use client';
/** Fleet rows from the live caches, rebuilt per site only when that site's data changes. */
import { useMemo } from 'react';
import type { SiteVms } from '@/lib/k8s/hooks/use-site-vms';
import type { VirtualMachine } from '@/lib/k8s/resources/virtual-machine';
import type { VirtualMachineInstance } from '@/lib/k8s/resources/virtual-machine-instance';
import { buildSiteRows, type VmRow } from './vm-rows';

interface Cached {
  vmis: ReadonlyMap<string, VirtualMachineInstance>;
  stale: boolean;
  rows: VmRow[];
}

// Keyed by the VM map's identity: the reducer makes a new map only when that site changed.
const cache = new WeakMap<ReadonlyMap<string, VirtualMachine>, Cached>();

function siteRows(s: SiteVms, stale: boolean): VmRow[] {
  const hit = cache.get(s.vms.items);
  if (hit && hit.vmis === s.vmis.items && hit.stale === stale) return hit.rows;
  const rows = buildSiteRows(s.site, s.vms.items, s.vmis.items, stale);
  cache.set(s.vms.items, { vmis: s.vmis.items, stale, rows });
  return rows;
}

/** All rows of the given sites; `staleSites` marks rows of unreachable sites. */
export function useVmRows(sites: SiteVms[], staleSites: ReadonlySet<string>): VmRow[] {
  const staleKey = [...staleSites].sort().join('\n');
  return useMemo(
    () => sites.flatMap((s) => siteRows(s, staleSites.has(s.site))),
    // staleKey stands for staleSites' content.
    [sites, staleKey],
  );
}
