/**
 * KubeVirt's admission of a VMI spec's networks and interfaces (KV `pkg/network/admitter`), in
 * upstream's order and words. Pure: the lab's webhook and the console's form both call it, so
 * the form refuses exactly what the cluster would, before the cluster sees it.
 */
import type { StatusCause } from '../k8s/types';
import {
  DISCONTINUED_BINDINGS,
  INTERFACE_MODELS,
  RESERVED_MASQUERADE_MAC,
  bindingKeys,
  type LooseInterface,
} from './bindings';
import type { NetworkConfig } from './config';
import { isValidPortName, macOctets } from './mac';

const NETWORK_TYPES = ['pod', 'multus', 'resourceClaim'];
const invalid = (field: string, message: string): StatusCause => ({
  reason: 'FieldValueInvalid',
  message,
  field,
});
const required = (field: string, message: string): StatusCause => ({
  reason: 'FieldValueRequired',
  message,
  field,
});
const duplicate = (field: string, message: string): StatusCause => ({
  reason: 'FieldValueDuplicate',
  message,
  field,
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- specs come from typed-in YAML
type Loose = Record<string, any>;

function listOf(v: unknown): Loose[] {
  return Array.isArray(v) ? (v as Loose[]) : [];
}

function networkSourceRules(networks: Loose[], p: string): StatusCause[] {
  const causes: StatusCause[] = [];
  if (networks.filter((n) => n?.pod !== undefined).length > 1)
    causes.push(
      invalid(`${p}.networks`, 'more than one interface is connected to a pod network in spec.networks'),
    );
  networks.forEach((n, i) => {
    const types = NETWORK_TYPES.filter((t) => n?.[t] !== undefined);
    if (types.length > 1) causes.push(invalid(`${p}.networks[${i}]`, 'should have only one network type'));
    if (types.length === 0) causes.push(required(`${p}.networks[${i}]`, 'should have a network type'));
    if (n?.multus !== undefined && !n.multus?.networkName)
      causes.push(
        invalid(`${p}.networks[${i}].multus.networkName`, 'CNI delegating plugin must have a networkName'),
      );
  });
  const multusDefaults = networks.filter((n) => n?.multus?.default === true);
  if (multusDefaults.length > 1)
    causes.push(invalid(`${p}.networks`, 'Multus CNI should only have one default network'));
  if (multusDefaults.length && networks.some((n) => n?.pod !== undefined))
    causes.push(
      invalid(`${p}.networks`, 'Pod network cannot be defined when Multus default network is defined'),
    );
  return causes;
}

function bindingRules(
  iface: LooseInterface,
  net: Loose | undefined,
  f: string,
  cfg: NetworkConfig,
): StatusCause[] {
  const causes: StatusCause[] = [];
  const keys = bindingKeys(iface);
  const methods = keys.filter((k) => k !== 'binding');
  if (iface.binding !== undefined && methods.length)
    causes.push(
      invalid(
        `${f}.binding`,
        `logical ${iface.name} interface cannot have both binding plugin and interface binding method`,
      ),
    );
  else if (methods.length > 1)
    causes.push(
      invalid(
        f,
        'Only one of bridge, masquerade, sriov, passtBinding or binding may be specified for an interface',
      ),
    );
  const onPod = net?.pod !== undefined;
  if (iface.masquerade !== undefined && !onPod)
    causes.push(invalid(`${f}.name`, 'Masquerade interface only implemented with pod network'));
  if (
    iface.masquerade !== undefined &&
    String(iface.macAddress ?? '').toLowerCase() === RESERVED_MASQUERADE_MAC
  ) {
    causes.push(
      invalid(
        `${f}.macAddress`,
        'The requested MAC address is reserved for the in-pod bridge. Please choose another one.',
      ),
    );
  }
  if (iface.bridge !== undefined && onPod && !cfg.permitBridgeInterfaceOnPodNetwork)
    causes.push(
      invalid(`${f}.name`, 'Bridge on pod network configuration is not enabled under kubevirt-config'),
    );
  if (iface.passtBinding !== undefined && !onPod)
    causes.push(invalid(`${f}.name`, 'Passt interface only implemented with pod network'));
  if (iface.sriov !== undefined && net && net.multus === undefined)
    causes.push(invalid(`${f}.name`, 'SRIOV interface only implemented with multus network'));
  for (const k of keys)
    if (DISCONTINUED_BINDINGS[k]) causes.push(invalid(`${f}.${k}`, DISCONTINUED_BINDINGS[k]));
  return causes;
}

function portRules(iface: LooseInterface, f: string): StatusCause[] {
  const causes: StatusCause[] = [];
  const seen = new Set<string>();
  listOf(iface.ports).forEach((port, j) => {
    const pf = `${f}.ports[${j}]`;
    const name = typeof port?.name === 'string' ? port.name : '';
    if (name) {
      if (seen.has(name)) causes.push(duplicate(`${pf}.name`, `Duplicate name of the port: ${name}`));
      if (!isValidPortName(name)) causes.push(invalid(`${pf}.name`, `Invalid name of the port: ${name}`));
      seen.add(name);
    }
    const n = Number(port?.port ?? 0);
    if (!n) causes.push(required(pf, 'Port field is mandatory.'));
    // Upstream's bound is `> 65536`, so 65536 itself passes admission; kept as upstream has it.
    if (n < 0 || n > 65536) causes.push(invalid(pf, 'Port field must be in range 0 < x < 65536.'));
    if (port?.protocol && port.protocol !== 'TCP' && port.protocol !== 'UDP')
      causes.push(invalid(`${pf}.protocol`, 'Unknown protocol, only TCP or UDP allowed'));
  });
  return causes;
}

function fieldRules(iface: LooseInterface, net: Loose | undefined, f: string): StatusCause[] {
  const causes: StatusCause[] = [];
  if (!/^[A-Za-z0-9-_]+$/.test(String(iface.name ?? ''))) {
    causes.push(
      invalid(
        `${f}.name`,
        'Network interface name can only contain alphabetical characters, numbers, dashes (-) or underscores (_)',
      ),
    );
  }
  if (iface.model && !(INTERFACE_MODELS as readonly string[]).includes(iface.model)) {
    causes.push({
      reason: 'FieldValueNotSupported',
      message: `interface ${f}.name uses model ${iface.model} that is not supported.`,
      field: `${f}.model`,
    });
  }
  if (iface.macAddress) {
    const octets = macOctets(String(iface.macAddress));
    if (octets === undefined)
      causes.push(
        invalid(`${f}.macAddress`, `interface ${f}.name has malformed MAC address (${iface.macAddress}).`),
      );
    else if (octets > 6)
      causes.push(
        invalid(
          `${f}.macAddress`,
          `interface ${f}.name has MAC address (${iface.macAddress}) that is too long.`,
        ),
      );
  }
  if (net?.pod !== undefined && iface.ports) causes.push(...portRules(iface, f));
  return causes;
}

/** The causes KubeVirt refuses a VMI spec's networks and interfaces with (`p`: the spec's path). */
export function networkAdmission(spec: Loose | undefined, p: string, cfg: NetworkConfig): StatusCause[] {
  const networks = listOf(spec?.networks);
  const ifaces = listOf(spec?.domain?.devices?.interfaces);
  const causes = networkSourceRules(networks, p);
  const byName = new Map(networks.map((n) => [n?.name, n]));
  ifaces.forEach((iface, i) =>
    causes.push(
      ...bindingRules(iface ?? {}, byName.get(iface?.name), `${p}.domain.devices.interfaces[${i}]`, cfg),
    ),
  );
  const netNames = new Set<string>();
  networks.forEach((n, i) => {
    if (netNames.has(n?.name))
      causes.push(
        duplicate(
          `${p}.networks[${i}].name`,
          `Network with name "${n?.name}" already exists, every network must have a unique name`,
        ),
      );
    netNames.add(n?.name);
  });
  const ifaceNames = new Set(ifaces.map((x) => x?.name));
  networks.forEach((n, i) => {
    const f = `${p}.networks[${i}].name`;
    if (!ifaceNames.has(n?.name)) causes.push(required(f, `${f} '${n?.name}' not found.`));
  });
  const seen = new Set<string>();
  ifaces.forEach((iface, i) => {
    const f = `${p}.domain.devices.interfaces[${i}].name`;
    if (seen.has(iface?.name))
      causes.push(duplicate(f, 'Only one interface can be connected to one specific network'));
    seen.add(iface?.name);
    if (!byName.has(iface?.name)) causes.push(invalid(f, `${f} '${iface?.name}' not found.`));
  });
  ifaces.forEach((iface, i) =>
    causes.push(...fieldRules(iface ?? {}, byName.get(iface?.name), `${p}.domain.devices.interfaces[${i}]`)),
  );
  return causes;
}
