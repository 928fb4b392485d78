/**
 * The device resources a VMI's launcher pod requests, as virt-controller renders them: one unit
 * of a NAD's `k8s.v1.cni.cncf.io/resourceName` (e.g. `intel.com/sriov_netdevice`) per SR-IOV
 * interface. The scheduler counts them against node allocatable, so a node without a free
 * function cannot take the VM (nor a migration target); a stopped VM's pod frees them.
 */
import { NAD_RESOURCE_ANNOTATION } from '../../lib/network/sriov';
import type { ObjectStore } from '../store/object-store';
import type { KubeObject } from '../store/types';
import { R } from './refs';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;

export function vmiDeviceRequests(store: ObjectStore, vmi: KubeObject): Record<string, number> {
  const out: Record<string, number> = {};
  const networks = (vmi.spec?.networks ?? []) as Any[];
  for (const iface of (vmi.spec?.domain?.devices?.interfaces ?? []) as Any[]) {
    if (iface.sriov === undefined) continue;
    const ref = String(networks.find((n) => n.name === iface.name)?.multus?.networkName ?? '');
    const [ns, name] = ref.includes('/') ? ref.split('/', 2) : [vmi.metadata.namespace ?? 'default', ref];
    const resource = store.get(R.nad, ns, name ?? '')?.metadata.annotations?.[NAD_RESOURCE_ANNOTATION];
    if (resource) out[resource] = (out[resource] ?? 0) + 1;
  }
  return out;
}
