/**
 * Multus' `k8s.v1.cni.cncf.io/network-status` annotation on a launcher pod: one entry per
 * attachment (the cluster network first, `default: true`), named as Multus names them
 * (`namespace/nad` for a secondary network), with the pod-side interface, IPs and MAC.
 */
import type { KubeObject } from '../store/types';

const CLUSTER_NETWORK = 'k8s-pod-network';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;

export function networkStatus(vmi: KubeObject, statusIfaces: Any[]): string {
  const networks = (vmi.spec?.networks ?? [{ name: 'default', pod: {} }]) as Any[];
  const ns = vmi.metadata.namespace ?? 'default';
  const entries = statusIfaces.map((s) => {
    const net = networks.find((n) => n.name === s.name);
    const nad = String(net?.multus?.networkName ?? '');
    const name = net?.pod ? CLUSTER_NETWORK : nad.includes('/') ? nad : `${ns}/${nad}`;
    return {
      name,
      interface: s.podInterfaceName,
      ips: s.ipAddresses,
      mac: s.mac,
      ...(net?.pod ? { default: true } : {}),
      dns: {},
    };
  });
  return JSON.stringify(entries);
}
