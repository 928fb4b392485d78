import type { KubeObject } from '../store/types';
import { interfaceMigrationBlock, INTERFACE_NOT_MIGRATABLE } from '../../lib/network/migration';
import { DEFAULT_NETWORK_CONFIG, type NetworkConfig } from '../../lib/network/config';
import type { Condition } from './conditions';

/** Access modes of the claims a VMI uses, by claim name (a DataVolume's claim has its name). */
export type ClaimModes = Record<string, string[] | undefined>;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;

function claimName(v: Any): string | undefined {
  return v.persistentVolumeClaim?.claimName ?? v.dataVolume?.name;
}

function diskReason(vmi: KubeObject, claims: ClaimModes): string | undefined {
  for (const v of (vmi.spec?.volumes ?? []) as Any[]) {
    const name = claimName(v);
    if (!name) continue;
    const modes = claims[name] ?? [];
    if (!modes.includes('ReadWriteMany')) {
      return `cannot migrate VMI: PVC ${name} is not shared, live migration requires that all PVCs must be shared (using ReadWriteMany access mode)`;
    }
  }
  return undefined;
}

function hostDeviceReason(vmi: KubeObject): string | undefined {
  const d = vmi.spec?.domain?.devices ?? {};
  if ((d.hostDevices ?? []).length || (d.gpus ?? []).length) return 'VMI uses a PCI host devices';
  return undefined;
}

/**
 * The VMI's LiveMigratable condition with upstream's reasons, checked in virt-handler's
 * order: disks, then the pod-network interface (lib/network, the rule the console's form
 * uses too), then host devices. `net` is the site's KubeVirt network configuration.
 */
export function liveMigratableCondition(vmi: KubeObject, claims: ClaimModes, net: NetworkConfig = DEFAULT_NETWORK_CONFIG): Condition {
  const checks: [string, string | undefined][] = [
    ['DisksNotLiveMigratable', diskReason(vmi, claims)],
    [INTERFACE_NOT_MIGRATABLE, interfaceMigrationBlock(vmi.spec, vmi.metadata.annotations, net)],
    ['HostDeviceNotLiveMigratable', hostDeviceReason(vmi)],
  ];
  for (const [reason, message] of checks) {
    if (message) return { type: 'LiveMigratable', status: 'False', reason, message };
  }
  return { type: 'LiveMigratable', status: 'True' };
}
