/**
 * The create/edit form's interfaces as plain data, and the two mappings to and from
 * `spec.networks` + `spec.domain.devices.interfaces`. A binding is its upstream key
 * (`masquerade`, `bridge`, …) or `plugin:<name>` for a registered binding plugin; a discontinued
 * key typed in YAML is kept so the form can say why the cluster will refuse it.
 */
import type { Interface, Network } from '../k8s/resources/virtual-machine-instance';
import { DISCONTINUED_BINDINGS, bindingKeys, type LooseInterface } from './bindings';

export interface FormPort {
  name: string;
  protocol: 'TCP' | 'UDP';
  port: number;
}

export interface FormInterface {
  /** Interface and network name (they pair by name). */
  name: string;
  /** The pod network, or a Multus network (a NAD, `nad` as `namespace/name` or `name`). */
  kind: 'pod' | 'multus';
  nad: string;
  binding: string;
  /** '' = KubeVirt's default (virtio). */
  model: string;
  macAddress: string;
  ports: FormPort[];
}

export const PLUGIN_PREFIX = 'plugin:';
export const POD_NETWORK_NAME = 'default';

export function podInterface(): FormInterface {
  return {
    name: POD_NETWORK_NAME,
    kind: 'pod',
    nad: '',
    binding: 'masquerade',
    model: '',
    macAddress: '',
    ports: [],
  };
}

/** The next free `netN` name for a new interface. */
export function nextInterfaceName(ifaces: FormInterface[]): string {
  const taken = new Set(ifaces.map((i) => i.name));
  let n = 1;
  while (taken.has(`net${n}`)) n++;
  return `net${n}`;
}

function toInterface(fi: FormInterface): Interface {
  const iface: LooseInterface = { name: fi.name };
  if (fi.binding.startsWith(PLUGIN_PREFIX)) iface.binding = { name: fi.binding.slice(PLUGIN_PREFIX.length) };
  else iface[fi.binding] = {};
  if (fi.model) iface.model = fi.model;
  if (fi.macAddress) iface.macAddress = fi.macAddress;
  if (fi.ports.length)
    iface.ports = fi.ports.map((p) => ({
      ...(p.name ? { name: p.name } : {}),
      protocol: p.protocol,
      port: p.port,
    }));
  return iface as Interface;
}

/** `spec.networks` and the interfaces for the form's list, in its order. */
export function interfacesToSpec(ifaces: FormInterface[]): { networks: Network[]; interfaces: Interface[] } {
  return {
    networks: ifaces.map((fi) =>
      fi.kind === 'multus' ? { name: fi.name, multus: { networkName: fi.nad } } : { name: fi.name, pod: {} },
    ),
    interfaces: ifaces.map(toInterface),
  };
}

const KNOWN_KEYS = new Set([
  'name',
  'model',
  'macAddress',
  'ports',
  'binding',
  'masquerade',
  'bridge',
  'sriov',
  'passtBinding',
  ...Object.keys(DISCONTINUED_BINDINGS),
]);

/**
 * The form's interfaces for a spec, and the paths of what the form cannot show (other network
 * sources, extra interface fields); the YAML tab keeps those.
 */
export function interfacesFromSpec(
  networks: Network[] | undefined,
  ifaces: LooseInterface[] | undefined,
): { interfaces: FormInterface[]; unsupported: string[] } {
  const unsupported: string[] = [];
  const out: FormInterface[] = [];
  for (const n of networks ?? []) {
    const iface: LooseInterface = (ifaces ?? []).find((i) => i?.name === n.name) ?? { name: n.name };
    if (!n.pod && !n.multus) {
      unsupported.push(`spec.template.spec.networks[${n.name}]`);
      continue;
    }
    const key = bindingKeys(iface)[0] ?? '';
    const binding = key === 'binding' ? `${PLUGIN_PREFIX}${String(iface.binding?.name ?? '')}` : key;
    const ports: FormPort[] = Array.isArray(iface.ports)
      ? iface.ports.map((p: { name?: unknown; protocol?: unknown; port?: unknown }) => ({
          name: typeof p?.name === 'string' ? p.name : '',
          protocol: p?.protocol === 'UDP' ? 'UDP' : 'TCP',
          port: Number(p?.port ?? 0),
        }))
      : [];
    out.push({
      name: String(n.name),
      kind: n.multus ? 'multus' : 'pod',
      nad: n.multus ? String(n.multus.networkName ?? '') : '',
      binding,
      model: String(iface.model ?? ''),
      macAddress: String(iface.macAddress ?? ''),
      ports,
    });
    for (const k of Object.keys(iface))
      if (!KNOWN_KEYS.has(k))
        unsupported.push(`spec.template.spec.domain.devices.interfaces[${n.name}].${k}`);
    if (n.multus?.default !== undefined)
      unsupported.push(`spec.template.spec.networks[${n.name}].multus.default`);
  }
  return { interfaces: out, unsupported };
}
