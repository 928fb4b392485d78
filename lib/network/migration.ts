/**
 * Whether a VMI's interfaces let it live-migrate, as virt-handler judges it for the
 * LiveMigratable condition (KV `pkg/network/vmispec`): only the pod network's interface counts.
 * The lab sets the condition with this; the console badges each option with it before commit.
 */
import type { NetworkConfig } from './config';

export const ALLOW_POD_BRIDGE_MIGRATION = 'kubevirt.io/allow-pod-bridge-network-live-migration';
export const INTERFACE_NOT_MIGRATABLE = 'InterfaceNotLiveMigratable';
export const INTERFACE_NOT_MIGRATABLE_MESSAGE =
  'cannot migrate VMI which does not use masquerade or a migratable plugin to connect to the pod network';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- specs come from typed-in YAML
type Loose = Record<string, any>;

/** The interface on the pod network, with KubeVirt's default one when the spec names no network. */
function podInterface(spec: Loose | undefined, cfg: NetworkConfig): Loose | undefined {
  const networks: Loose[] = Array.isArray(spec?.networks) ? spec.networks : [];
  const ifaces: Loose[] = Array.isArray(spec?.domain?.devices?.interfaces)
    ? spec.domain.devices.interfaces
    : [];
  if (!networks.length && !ifaces.length) {
    if (spec?.domain?.devices?.autoattachPodInterface === false) return undefined;
    return { name: 'default', [cfg.defaultNetworkInterface]: {} };
  }
  const pod = networks.find((n) => n?.pod !== undefined);
  return pod ? ifaces.find((i) => i?.name === pod.name) : undefined;
}

/**
 * undefined when the interfaces allow live migration, else upstream's message. `annotations`
 * are the VMI's (a VM's template metadata becomes them).
 */
export function interfaceMigrationBlock(
  spec: Loose | undefined,
  annotations: Record<string, string> | undefined,
  cfg: NetworkConfig,
): string | undefined {
  const iface = podInterface(spec, cfg);
  if (!iface) return undefined;
  if (iface.masquerade !== undefined || iface.passtBinding !== undefined) return undefined;
  if (iface.bridge !== undefined && annotations?.[ALLOW_POD_BRIDGE_MIGRATION] !== undefined) return undefined;
  const plugin = iface.binding?.name ? cfg.bindingPlugins[String(iface.binding.name)] : undefined;
  if (plugin?.migration !== undefined) return undefined;
  return INTERFACE_NOT_MIGRATABLE_MESSAGE;
}
