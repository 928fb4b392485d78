/**
 * The objects a cross-site live migration is made of, as upstream's decentralized migration
 * documents: a receiver VM on the target (the source VM's spec, `runStrategy: WaitAsReceiver`),
 * a VMIM there with `receive.migrationID`, and, once the receiver publishes its synchronization
 * address, a VMIM on the source with `sendTo` that address and the same ID.
 */
import type { VirtualMachine } from '../k8s/resources/virtual-machine';
import type { VirtualMachineInstanceMigration } from '../k8s/resources/vmim';

export interface CrossSitePlan {
  migrationId: string;
  receiverVm: VirtualMachine;
  receiveVmim: VirtualMachineInstanceMigration;
  /** The source's VMIM, once the receiver's synchronization address is known. */
  sendVmim(connectURL: string): VirtualMachineInstanceMigration;
}

/** Fields the cluster owns that a copy of the VM must not carry to the other site. */
function copyMeta(vm: VirtualMachine, namespace: string): VirtualMachine['metadata'] {
  return {
    name: vm.metadata.name,
    namespace,
    ...(vm.metadata.labels ? { labels: vm.metadata.labels } : {}),
    ...(vm.metadata.annotations ? { annotations: vm.metadata.annotations } : {}),
  };
}

export function crossSitePlan(
  vm: VirtualMachine,
  targetNamespace: string,
  migrationId: string,
): CrossSitePlan {
  const name = vm.metadata.name ?? '';
  const { running: _running, ...spec } = vm.spec;
  void _running;
  const vmim = (
    suffix: string,
    extra: Partial<VirtualMachineInstanceMigration['spec']>,
    ns: string | undefined,
  ) => ({
    apiVersion: 'kubevirt.io/v1',
    kind: 'VirtualMachineInstanceMigration',
    metadata: { name: `${name}-${suffix}-${migrationId}`.slice(0, 63), namespace: ns },
    spec: { vmiName: name, ...extra },
  });
  return {
    migrationId,
    receiverVm: {
      apiVersion: 'kubevirt.io/v1',
      kind: 'VirtualMachine',
      metadata: copyMeta(vm, targetNamespace),
      spec: { ...spec, runStrategy: 'WaitAsReceiver' },
    },
    receiveVmim: vmim('receive', { receive: { migrationID: migrationId } }, targetNamespace),
    sendVmim: (connectURL) =>
      vmim('send', { sendTo: { migrationID: migrationId, connectURL } }, vm.metadata.namespace),
  };
}
