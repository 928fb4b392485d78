/** Which VMs attach to which NAD: a VM's Multus `networkName` resolved in the VM's namespace. */
import type { VirtualMachine } from '../k8s/resources/virtual-machine';

/** `namespace/name` of every NAD a VM's template attaches to. */
export function vmNadRefs(vm: VirtualMachine): string[] {
  const ns = vm.metadata.namespace ?? 'default';
  return (vm.spec?.template?.spec?.networks ?? [])
    .map((n) => n.multus?.networkName)
    .filter((n): n is string => !!n)
    .map((n) => (n.includes('/') ? n : `${ns}/${n}`));
}

/** VMs by the `namespace/name` of the NADs they use. */
export function vmsByNad(vms: Iterable<VirtualMachine>): Map<string, VirtualMachine[]> {
  const out = new Map<string, VirtualMachine[]>();
  for (const vm of vms) for (const ref of new Set(vmNadRefs(vm))) out.set(ref, [...(out.get(ref) ?? []), vm]);
  return out;
}
