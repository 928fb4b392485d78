'use client';
/** Live VMs and VMIs of one site or of every site, for fleet-wide views. */
import { useMemo } from 'react';
import type { PlacementChoice } from '../../api/sites';
import { VM_GVR, type VirtualMachine } from '../resources/virtual-machine';
import { VMI_GVR, type VirtualMachineInstance } from '../resources/virtual-machine-instance';
import type { KubeObject } from '../types';
import type { WatchSnapshot } from '../watch';
import { useK8sLists, type ListSpec } from './use-k8s-list';
import { useSiteNames } from './use-site-names';

export interface SiteVms {
  site: string;
  vms: WatchSnapshot<VirtualMachine>;
  vmis: WatchSnapshot<VirtualMachineInstance>;
}

/**
 * All namespaces of each site; `'all'` follows the cluster list as sites come and go, narrowed to
 * a tier and region when chosen (the other sites are not watched at all).
 */
export function useSiteVms(site: string | 'all', placement: PlacementChoice = {}): SiteVms[] {
  const sites = useSiteNames(site, placement);
  // VMs first: they take the stream slots before VMIs do (VMIs may poll on big fleets).
  const specs = useMemo<ListSpec[]>(() => [...sites.map((s) => ({ site: s, gvr: VM_GVR })), ...sites.map((s) => ({ site: s, gvr: VMI_GVR }))], [sites]);
  const snapshots = useK8sLists<KubeObject>(specs);
  return useMemo(
    () =>
      sites.map((s, i) => ({
        site: s,
        vms: snapshots[i] as WatchSnapshot<VirtualMachine>,
        vmis: snapshots[sites.length + i] as WatchSnapshot<VirtualMachineInstance>,
      })),
    // Each snapshot is a new object on change, so the array identity of its parts is the signal.
    [sites, ...snapshots],
  );
}
