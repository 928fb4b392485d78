/**
 * What each VMI interface is inside the guest and on the wire, as virt-launcher and the CNI
 * plugins would make it:
 * - pod network, masquerade: the guest has 10.0.2.2/24 behind the pod (gateway 10.0.2.1, the
 *   upstream defaults); the cluster sees the pod IP. In the lab: QEMU's user networking (NAT).
 * - pod network, bridge (or a binding plugin such as passt): the guest has the pod IP itself.
 * - a NetworkAttachmentDefinition: an L2 segment shared by every guest of the site on the same
 *   bridge and VLAN (macvlan master, SR-IOV resource and VLAN, localnet network); the address comes
 *   from the NAD's IPAM subnet when it has one, else from a /24 the lab derives from the segment.
 *   It depends only on the VM and the segment, so a live migration keeps it.
 */
import type { GuestNic } from '../guest/types';
import type { KubeObject } from '../store/types';
import { summarizeNad } from '../../lib/network/nad-config';
import type { NetworkAttachmentDefinition } from '../../lib/k8s/resources/network-attachment-definition';
import { R } from './refs';
import type { Runtime } from './runtime';
import { macFor } from './vmi-phase';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;

/** Upstream's masquerade defaults (vmNetworkCIDR 10.0.2.0/24). */
const MASQUERADE = { net: '10.0.2.0/24', gateway: '10.0.2.1', guest: '10.0.2.2/24' };

export interface PlannedInterface {
  name: string;
  /** Index in the domain: eth<i> in the guest. */
  index: number;
  mac: string;
  onPodNetwork: boolean;
  /** The address the cluster reports for it (the pod IP for masquerade). */
  reportedIp: string;
  nic: GuestNic;
}

function hash(text: string): number {
  let h = 2166136261;
  for (const ch of text) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
  return h;
}

const toInt = (ip: string) => ip.split('.').reduce((n, o) => n * 256 + Number(o), 0);
const toIp = (n: number) => [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join('.');

/** The NAD's IPAM subnet (host-local `subnet` or `ranges`, whereabouts `range`), if it names one. */
function ipamSubnet(nad: NetworkAttachmentDefinition | undefined): string | undefined {
  try {
    const cfg = JSON.parse(nad?.spec?.config ?? '{}') as Any;
    const plugin = Array.isArray(cfg.plugins) ? (cfg.plugins[0] ?? {}) : cfg;
    const ipam = plugin.ipam ?? {};
    const subnet = ipam.subnet ?? ipam.ranges?.[0]?.[0]?.subnet ?? ipam.range;
    return typeof subnet === 'string' && /^\d{1,3}(\.\d{1,3}){3}\/(1[6-9]|2\d|30)$/.test(subnet)
      ? subnet
      : undefined;
  } catch {
    return undefined;
  }
}

/** An address of `subnet` for this VM's interface: stable, never the network, .1 or broadcast. */
function addressIn(subnet: string, seed: string): string {
  const [base = '', bits = '24'] = subnet.split('/');
  const size = 2 ** (32 - Number(bits));
  const network = toInt(base) - (toInt(base) % size);
  return `${toIp(network + 2 + (hash(seed) % (size - 3)))}/${bits}`;
}

/** Which guests share L2 with this attachment: same site and same physical segment. */
function segmentOf(site: string, nad: NetworkAttachmentDefinition | undefined, ref: string): string {
  const s = nad ? summarizeNad(nad) : undefined;
  const vlan = s?.vlan ?? 'untagged';
  if (s?.kind === 'bridge' && s.bridge) return `${site}/bridge/${s.bridge}/${vlan}`;
  if (s?.kind === 'macvlan' && s.master) return `${site}/macvlan/${s.master}`;
  if (s?.kind === 'sriov' && s.resourceName) return `${site}/sriov/${s.resourceName}/${vlan}`;
  if (s?.kind === 'localnet' && s.physicalNetwork) return `${site}/localnet/${s.physicalNetwork}/${vlan}`;
  return `${site}/nad/${ref}`;
}

/** Every interface of the VMI, in domain order, with the NIC the guest gets for it. */
export function planInterfaces(rt: Runtime, vmi: KubeObject, podIp: string): PlannedInterface[] {
  const ifaces = (vmi.spec?.domain?.devices?.interfaces ?? [{ name: 'default', bridge: {} }]) as Any[];
  const networks = (vmi.spec?.networks ?? [{ name: 'default', pod: {} }]) as Any[];
  const vmKey = `${vmi.metadata.namespace}/${vmi.metadata.name}`;
  return ifaces.map((iface, index) => {
    const net = networks.find((n) => n.name === iface.name);
    const mac = String(iface.macAddress ?? macFor(`${vmi.metadata.uid}/${iface.name}`)).toLowerCase();
    const base = { name: String(iface.name), index, mac };
    if (net?.pod || !net?.multus) {
      const podNet = podIp.split('.').slice(0, 3).join('.');
      const nic: GuestNic =
        iface.masquerade !== undefined
          ? {
              mac,
              address: MASQUERADE.guest,
              link: { kind: 'nat', net: MASQUERADE.net, gateway: MASQUERADE.gateway },
            }
          : {
              mac,
              address: `${podIp}/24`,
              link: { kind: 'nat', net: `${podNet}.0/24`, gateway: `${podNet}.1` },
            };
      return { ...base, onPodNetwork: true, reportedIp: podIp, nic };
    }
    const ref = String(net.multus.networkName ?? '');
    const [ns, name] = ref.includes('/') ? ref.split('/', 2) : [vmi.metadata.namespace ?? 'default', ref];
    const nad = rt.store.get(R.nad, ns, name ?? '') as NetworkAttachmentDefinition | undefined;
    const segment = segmentOf(rt.ctx.name, nad, `${ns}/${name}`);
    const subnet = ipamSubnet(nad) ?? `192.168.${100 + (hash(segment) % 150)}.0/24`;
    const address = addressIn(subnet, `${vmKey}/${iface.name}`);
    return {
      ...base,
      onPodNetwork: false,
      reportedIp: address.split('/')[0] ?? '',
      nic: { mac, address, link: { kind: 'segment', segment } },
    };
  });
}
