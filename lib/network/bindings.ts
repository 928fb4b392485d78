/** Interface binding methods by name, as `spec.domain.devices.interfaces[]` spells them. */

/** Bindings KubeVirt implements itself (the interface has `{<name>: {}}`). */
export const CORE_BINDINGS = ['masquerade', 'bridge', 'sriov', 'passtBinding'] as const;
/** Bindings admission refuses since v1.3, with upstream's reason. */
export const DISCONTINUED_BINDINGS: Record<string, string> = {
  slirp: 'Slirp interface support has been discontinued since v1.3',
  passt: 'Passt network binding has been discontinued since v1.3',
  macvtap: 'Macvtap network binding has been discontinued since v1.3',
};
/** Every binding key an interface may carry (`binding` names a plugin). */
export const BINDING_KEYS = [...CORE_BINDINGS, 'binding', ...Object.keys(DISCONTINUED_BINDINGS)];

/** The NIC models admission accepts (`model`, empty = virtio). */
export const INTERFACE_MODELS = ['virtio', 'e1000', 'e1000e', 'ne2k_pci', 'pcnet', 'rtl8139'] as const;

/** The MAC KubeVirt keeps for the in-pod bridge of a masquerade interface. */
export const RESERVED_MASQUERADE_MAC = '02:00:00:00:00:00';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- interfaces come from typed-in YAML
export type LooseInterface = Record<string, any>;

/** The binding keys an interface carries (more than one is refused). */
export function bindingKeys(iface: LooseInterface | undefined): string[] {
  return BINDING_KEYS.filter((b) => iface?.[b] !== undefined && iface?.[b] !== null);
}
