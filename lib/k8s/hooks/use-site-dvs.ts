'use client';
/** Live DataVolumes of one site or of every site, with the claims and VMs that explain them. */
import { useMemo } from 'react';
import type { PlacementChoice } from '../../api/sites';
import { DV_GVR, type DataVolume } from '../resources/datavolume';
import { PVC_GVR, type PersistentVolumeClaim } from '../resources/persistent-volume-claim';
import { VM_GVR, type VirtualMachine } from '../resources/virtual-machine';
import type { KubeObject } from '../types';
import type { WatchSnapshot } from '../watch';
import { useK8sLists, type ListSpec } from './use-k8s-list';
import { useSiteNames } from './use-site-names';

export interface SiteDvs {
  site: string;
  dvs: WatchSnapshot<DataVolume>;
  pvcs: WatchSnapshot<PersistentVolumeClaim>;
  /** The same watch the VM list uses (shared cache): which VM uses which DataVolume. */
  vms: WatchSnapshot<VirtualMachine>;
}

/** All namespaces of each site; `'all'` follows the cluster list (of a tier and region) as sites come and go. */
export function useSiteDvs(site: string | 'all', placement: PlacementChoice = {}): SiteDvs[] {
  const sites = useSiteNames(site, placement);
  // DataVolumes first: they take the stream slots before the supporting lists do.
  const specs = useMemo<ListSpec[]>(
    () => [DV_GVR, PVC_GVR, VM_GVR].flatMap((gvr) => sites.map((s) => ({ site: s, gvr }))),
    [sites],
  );
  const snapshots = useK8sLists<KubeObject>(specs);
  const n = sites.length;
  return useMemo(
    () =>
      sites.map((s, i) => ({
        site: s,
        dvs: snapshots[i] as WatchSnapshot<DataVolume>,
        pvcs: snapshots[n + i] as WatchSnapshot<PersistentVolumeClaim>,
        vms: snapshots[2 * n + i] as WatchSnapshot<VirtualMachine>,
      })),
    // Each snapshot is a new object on change, so the array identity of its parts is the signal.
    [sites, n, ...snapshots],
  );
}
