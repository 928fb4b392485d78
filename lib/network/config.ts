/**
 * The part of a site's KubeVirt CR (`spec.configuration`) that decides what its admission
 * accepts for interfaces and whether an interface blocks live migration. The lab reads its own
 * CR with this, the console the site's: one reading, so both judge alike.
 */

/** A registered network binding plugin (`spec.configuration.network.binding.<name>`). */
export interface BindingPlugin {
  sidecarImage?: string;
  networkAttachmentDefinition?: string;
  domainAttachmentType?: string;
  /** Present when the plugin declares it survives live migration (`migration: {method?}`). */
  migration?: { method?: string };
}

export interface NetworkConfig {
  permitBridgeInterfaceOnPodNetwork: boolean;
  /** The binding KubeVirt gives the pod interface it adds when a VMI names none. */
  defaultNetworkInterface: string;
  bindingPlugins: Record<string, BindingPlugin>;
  featureGates: string[];
}

export const DEFAULT_NETWORK_CONFIG: NetworkConfig = {
  permitBridgeInterfaceOnPodNetwork: true,
  defaultNetworkInterface: 'bridge',
  bindingPlugins: {},
  featureGates: [],
};

type KubeVirtLike = {
  spec?: {
    configuration?: {
      network?: Record<string, unknown>;
      developerConfiguration?: { featureGates?: unknown };
    };
  };
};

/** The network configuration of a KubeVirt CR; upstream's defaults where it says nothing. */
export function networkConfigOf(kubevirt: KubeVirtLike | undefined): NetworkConfig {
  const cfg = kubevirt?.spec?.configuration ?? {};
  const net = (cfg.network ?? {}) as {
    permitBridgeInterfaceOnPodNetwork?: unknown;
    defaultNetworkInterface?: unknown;
    binding?: unknown;
  };
  const gates = cfg.developerConfiguration?.featureGates;
  const binding =
    net.binding && typeof net.binding === 'object' ? (net.binding as Record<string, BindingPlugin>) : {};
  return {
    permitBridgeInterfaceOnPodNetwork:
      typeof net.permitBridgeInterfaceOnPodNetwork === 'boolean'
        ? net.permitBridgeInterfaceOnPodNetwork
        : true,
    defaultNetworkInterface:
      typeof net.defaultNetworkInterface === 'string' && net.defaultNetworkInterface
        ? net.defaultNetworkInterface
        : 'bridge',
    bindingPlugins: binding,
    featureGates: Array.isArray(gates) ? gates.filter((g): g is string => typeof g === 'string') : [],
  };
}
