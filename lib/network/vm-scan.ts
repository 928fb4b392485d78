/**
 * Whether a VM's network stops it from live-migrating: a running VM by its VMI's LiveMigratable
 * condition (InterfaceNotLiveMigratable), a stopped one by the same rule on its template. One
 * function for the Networks page's fleet scan and the VM list's filter, so their counts agree.
 */
import type { VirtualMachine } from '../k8s/resources/virtual-machine';
import type { VirtualMachineInstance } from '../k8s/resources/virtual-machine-instance';
import { DEFAULT_NETWORK_CONFIG, type NetworkConfig } from './config';
import { INTERFACE_NOT_MIGRATABLE, interfaceMigrationBlock } from './migration';

export function vmNetworkBlocksMigration(
  vm: VirtualMachine,
  vmi: VirtualMachineInstance | undefined,
  cfg: NetworkConfig = DEFAULT_NETWORK_CONFIG,
): boolean {
  const lm = vmi?.status?.conditions?.find((c) => c.type === 'LiveMigratable');
  if (lm) return lm.status !== 'True' && lm.reason === INTERFACE_NOT_MIGRATABLE;
  const tpl = vm.spec?.template;
  return interfaceMigrationBlock(tpl?.spec, tpl?.metadata?.annotations, cfg) !== undefined;
}
