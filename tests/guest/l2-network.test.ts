/**
 * Real networking between real guests: two QEMU guests with a NIC on the same L2 segment ping
 * each other at the addresses they were given; a guest on another segment is not reachable;
 * the NAT NIC (masquerade) has the guest side's address and default route.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGuestFactory } from '@/lab/guest';
import type { Guest, GuestFactory, GuestNic } from '@/lab/guest/types';
import { SerialSession } from '../support/serial-session';
import { requireQemu, runQemuTests } from '../support/qemu-required';

const nat: GuestNic['link'] = { kind: 'nat', net: '10.0.2.0/24', gateway: '10.0.2.1' };

function spec(name: string, mac: string, address: string, segment: string) {
  return {
    namespace: 'plant-7',
    name,
    hostname: name,
    memoryMiB: 128,
    cpus: 1,
    node: 'edge-a',
    nics: [
      { mac: `02:00:00:00:${mac}:01`, address: '10.0.2.2/24', link: nat },
      { mac: `02:00:00:00:${mac}:02`, address, link: { kind: 'segment', segment } },
    ] satisfies GuestNic[],
  };
}

describe.runIf(runQemuTests)('L2 segments between real guests', { timeout: 240_000 }, () => {
  let factory: GuestFactory;
  let a: Guest;
  let b: Guest;
  let c: Guest;

  beforeAll(async () => {
    requireQemu();
    factory = createGuestFactory({ qemuCap: 3 });
    const segment = `l2-test-${process.pid}/vlan-120`;
    a = factory.start(spec('plc-a', '0a', '192.168.120.10/24', segment));
    b = factory.start(spec('plc-b', '0b', '192.168.120.11/24', segment));
    c = factory.start(spec('plc-c', '0c', '192.168.120.12/24', `${segment}-other`));
    await Promise.all([a.ready, b.ready, c.ready]);
  }, 240_000);

  afterAll(async () => {
    await factory?.stopAll();
  });

  it('gives each NIC its address and the NAT NIC the default route', async () => {
    const serial = new SerialSession(await a.openSerial());
    const addrs = await serial.run('ip -4 addr');
    expect(addrs).toContain('inet 10.0.2.2/24');
    expect(addrs).toContain('inet 192.168.120.10/24');
    expect(await serial.run('ip route')).toContain('default via 10.0.2.1');
    expect(await serial.run('cat /sys/class/net/eth1/address')).toBe('02:00:00:00:0a:02\n');
  });

  it('one guest pings the other over their segment', async () => {
    const serial = new SerialSession(await b.openSerial());
    const out = await serial.run('ping -c 3 -W 5 192.168.120.10', 30_000);
    expect(out).toMatch(/3 packets transmitted, 3 packets received/);
  });

  it('a guest on another segment does not reach them', async () => {
    const serial = new SerialSession(await c.openSerial());
    const out = await serial.run('ping -c 2 -W 2 192.168.120.10', 30_000);
    expect(out).toMatch(/2 packets transmitted, 0 packets received/);
  });
});
