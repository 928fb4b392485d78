import { describe, expect, it } from 'vitest';
import { networkAdmission } from './admission';
import { DEFAULT_NETWORK_CONFIG, networkConfigOf } from './config';
import { macOctets } from './mac';
import { interfaceMigrationBlock } from './migration';

const spec = (networks: unknown[], interfaces: unknown[]) => ({
  networks,
  domain: { devices: { interfaces } },
});
const messages = (s: unknown, cfg = DEFAULT_NETWORK_CONFIG) =>
  networkAdmission(s as Record<string, unknown>, 'spec', cfg).map((c) => `${c.field}: ${c.message}`);

describe('networkAdmission', () => {
  it('accepts masquerade on the pod network and bridge on a NAD', () => {
    expect(
      messages(
        spec(
          [
            { name: 'default', pod: {} },
            { name: 'ot', multus: { networkName: 'ot-vlan' } },
          ],
          [
            { name: 'default', masquerade: {} },
            { name: 'ot', bridge: {} },
          ],
        ),
      ),
    ).toEqual([]);
  });
  it('refuses masquerade off the pod network and a second pod network, in upstream words', () => {
    const m = messages(
      spec(
        [
          { name: 'a', pod: {} },
          { name: 'b', pod: {} },
          { name: 'c', multus: { networkName: 'n' } },
        ],
        [
          { name: 'a', masquerade: {} },
          { name: 'b', bridge: {} },
          { name: 'c', masquerade: {} },
        ],
      ),
    );
    expect(m).toContain(
      'spec.networks: more than one interface is connected to a pod network in spec.networks',
    );
    expect(m).toContain(
      'spec.domain.devices.interfaces[2].name: Masquerade interface only implemented with pod network',
    );
  });
  it('refuses discontinued bindings with their reason', () => {
    expect(messages(spec([{ name: 'a', pod: {} }], [{ name: 'a', slirp: {} }]))).toEqual([
      'spec.domain.devices.interfaces[0].slirp: Slirp interface support has been discontinued since v1.3',
    ]);
    expect(
      messages(spec([{ name: 'a', multus: { networkName: 'n' } }], [{ name: 'a', macvtap: {} }])),
    ).toEqual([
      'spec.domain.devices.interfaces[0].macvtap: Macvtap network binding has been discontinued since v1.3',
    ]);
  });
  it('checks MAC, model, ports and names', () => {
    const m = messages(
      spec(
        [
          { name: 'a', pod: {} },
          { name: 'b', multus: { networkName: 'n' } },
        ],
        [
          {
            name: 'a',
            masquerade: {},
            macAddress: '02:00:00:00:00:00',
            ports: [
              { name: 'http', port: 80 },
              { name: 'http', port: 0, protocol: 'SCTP' },
            ],
          },
          { name: 'b', bridge: {}, model: 'virtio-net', macAddress: '00:11:22:33:44' },
        ],
      ),
    );
    expect(m).toEqual([
      'spec.domain.devices.interfaces[0].macAddress: The requested MAC address is reserved for the in-pod bridge. Please choose another one.',
      'spec.domain.devices.interfaces[0].ports[1].name: Duplicate name of the port: http',
      'spec.domain.devices.interfaces[0].ports[1]: Port field is mandatory.',
      'spec.domain.devices.interfaces[0].ports[1].protocol: Unknown protocol, only TCP or UDP allowed',
      'spec.domain.devices.interfaces[1].model: interface spec.domain.devices.interfaces[1].name uses model virtio-net that is not supported.',
      'spec.domain.devices.interfaces[1].macAddress: interface spec.domain.devices.interfaces[1].name has malformed MAC address (00:11:22:33:44).',
    ]);
  });
  it('refuses bridge on the pod network when the KubeVirt CR forbids it', () => {
    const cfg = networkConfigOf({
      spec: { configuration: { network: { permitBridgeInterfaceOnPodNetwork: false } } },
    });
    expect(messages(spec([{ name: 'a', pod: {} }], [{ name: 'a', bridge: {} }]), cfg)).toEqual([
      'spec.domain.devices.interfaces[0].name: Bridge on pod network configuration is not enabled under kubevirt-config',
    ]);
  });
  it('refuses networks without an interface and interfaces without a network', () => {
    expect(messages(spec([{ name: 'a', pod: {} }], [{ name: 'b', masquerade: {} }]))).toEqual([
      // upstream looks the network up by name and judges a missing one as not the pod network
      'spec.domain.devices.interfaces[0].name: Masquerade interface only implemented with pod network',
      "spec.networks[0].name: spec.networks[0].name 'a' not found.",
      "spec.domain.devices.interfaces[0].name: spec.domain.devices.interfaces[0].name 'b' not found.",
    ]);
  });
});

describe('macOctets', () => {
  it('reads the forms Go accepts', () => {
    expect(macOctets('02:aB:00:00:00:01')).toBe(6);
    expect(macOctets('02-ab-00-00-00-01')).toBe(6);
    expect(macOctets('02ab.0000.0001')).toBe(6);
    expect(macOctets('02:ab:00:00:00:01:02:03')).toBe(8);
    expect(macOctets('02:ab-00:00:00:01')).toBeUndefined();
    expect(macOctets('02:ab:00:00:00')).toBeUndefined();
  });
});

describe('interfaceMigrationBlock', () => {
  const podBridge = spec([{ name: 'a', pod: {} }], [{ name: 'a', bridge: {} }]);
  it('blocks bridge on the pod network unless the VMI opts in', () => {
    expect(interfaceMigrationBlock(podBridge, {}, DEFAULT_NETWORK_CONFIG)).toMatch(/^cannot migrate VMI/);
    expect(
      interfaceMigrationBlock(
        podBridge,
        { 'kubevirt.io/allow-pod-bridge-network-live-migration': '' },
        DEFAULT_NETWORK_CONFIG,
      ),
    ).toBeUndefined();
  });
  it('judges only the pod network; a plugin only when it declares migration', () => {
    expect(
      interfaceMigrationBlock(
        spec([{ name: 'n', multus: { networkName: 'x' } }], [{ name: 'n', bridge: {} }]),
        {},
        DEFAULT_NETWORK_CONFIG,
      ),
    ).toBeUndefined();
    const plugin = spec([{ name: 'a', pod: {} }], [{ name: 'a', binding: { name: 'passt' } }]);
    expect(
      interfaceMigrationBlock(
        plugin,
        {},
        networkConfigOf({
          spec: { configuration: { network: { binding: { passt: { sidecarImage: 'x' } } } } },
        }),
      ),
    ).toMatch(/^cannot/);
    expect(
      interfaceMigrationBlock(
        plugin,
        {},
        networkConfigOf({ spec: { configuration: { network: { binding: { passt: { migration: {} } } } } } }),
      ),
    ).toBeUndefined();
  });
  it('takes the default interface (bridge) when the spec names no network', () => {
    expect(interfaceMigrationBlock({ domain: { devices: {} } }, {}, DEFAULT_NETWORK_CONFIG)).toMatch(
      /^cannot/,
    );
    expect(
      interfaceMigrationBlock(
        { domain: { devices: {} } },
        {},
        { ...DEFAULT_NETWORK_CONFIG, defaultNetworkInterface: 'masquerade' },
      ),
    ).toBeUndefined();
  });
});
