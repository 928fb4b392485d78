/** Multus' `k8s.v1.cni.cncf.io/network-status` pod annotation, read leniently. */
import type { KubePod } from '../k8s/resources/pod';

export const NETWORK_STATUS_ANNOTATION = 'k8s.v1.cni.cncf.io/network-status';

export interface NetworkStatusEntry {
  /** `namespace/nad` for a Multus attachment, the cluster network's name for the default one. */
  name: string;
  interface?: string;
  ips: string[];
  mac?: string;
  default: boolean;
}

export function podNetworkStatus(pod: KubePod | undefined): NetworkStatusEntry[] {
  const raw = pod?.metadata.annotations?.[NETWORK_STATUS_ANNOTATION];
  if (!raw) return [];
  try {
    const list: unknown = JSON.parse(raw);
    if (!Array.isArray(list)) return [];
    return list
      .filter((e): e is Record<string, unknown> => !!e && typeof e === 'object')
      .map((e) => ({
        name: String(e.name ?? ''),
        interface: typeof e.interface === 'string' ? e.interface : undefined,
        ips: Array.isArray(e.ips) ? e.ips.map(String) : [],
        mac: typeof e.mac === 'string' ? e.mac : undefined,
        default: e.default === true,
      }));
  } catch {
    return [];
  }
}

/** The entry for a VM network: the default one for the pod network, else by NAD name. */
export function statusForNetwork(
  entries: NetworkStatusEntry[],
  network: { pod?: unknown; multus?: { networkName: string } } | undefined,
  vmNamespace: string,
): NetworkStatusEntry | undefined {
  if (!network) return undefined;
  if (network.pod) return entries.find((e) => e.default);
  const nad = network.multus?.networkName ?? '';
  const full = nad.includes('/') ? nad : `${vmNamespace}/${nad}`;
  return entries.find((e) => e.name === full);
}
