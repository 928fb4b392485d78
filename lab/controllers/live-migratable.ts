import type { KubeObject } from '../store/types';
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

function interfaceReason(vmi: KubeObject): string | undefined {
  const networks = (vmi.spec?.networks ?? []) as Any[];
  const interfaces = (vmi.spec?.domain?.devices?.interfaces ?? []) as Any[];
  const podNet = networks.find((n) => n.pod);
  // With no networks at all KubeVirt adds a pod network with the default (bridge) binding.
  const autoattach = vmi.spec?.domain?.devices?.autoattachPodInterface !== false;
  const podIface = podNet ? interfaces.find((i) => i.name === podNet.name) : networks.length === 0 && autoattach ? { bridge: {} } : undefined;
  if (!podIface) return undefined;
  const allowBridge = vmi.metadata.annotations?.['kubevirt.io/allow-pod-bridge-network-live-migration'] !== undefined;
  if (podIface.masquerade || podIface.passtBinding || podIface.binding || podIface.sriov) return undefined;
  if (podIface.bridge && allowBridge) return undefined;
  return 'cannot migrate VMI which does not use masquerade or a migratable plugin to connect to the pod network';
}

function hostDeviceReason(vmi: KubeObject): string | undefined {
  const d = vmi.spec?.domain?.devices ?? {};
  if ((d.hostDevices ?? []).length || (d.gpus ?? []).length) return 'VMI uses a PCI host devices';
  return undefined;
}

/**
 * The VMI's LiveMigratable condition with upstream's reasons, checked in virt-handler's
 * order: disks, then the pod-network interface, then host devices.
 */
export function liveMigratableCondition(vmi: KubeObject, claims: ClaimModes): Condition {
  const checks: [string, string | undefined][] = [
    ['DisksNotLiveMigratable', diskReason(vmi, claims)],
    ['InterfaceNotLiveMigratable', interfaceReason(vmi)],
    ['HostDeviceNotLiveMigratable', hostDeviceReason(vmi)],
  ];
  for (const [reason, message] of checks) {
    if (message) return { type: 'LiveMigratable', status: 'False', reason, message };
  }
  return { type: 'LiveMigratable', status: 'True' };
}
