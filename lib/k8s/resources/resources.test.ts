import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { dvProgress, type DataVolume } from './datavolume';
import { eventSelectorFor, sortEventsNewestFirst, type KubeEvent } from './event';
import { nodeIsReady, nodeIsSchedulable, type KubeNode } from './node';
import {
  PRINTABLE_STATUSES,
  VM_GVR,
  vmMemory,
  vmMemoryBytes,
  vmPrintableStatus,
  runStrategyOf,
  vmVcpus,
  type VirtualMachine,
} from './virtual-machine';
import { vmiIps, vmiNode, vmiSubresourcePath, type VirtualMachineInstance } from './virtual-machine-instance';
import { resourceKeys } from './resource-keys';
import { vmimIsFinal, vmimSelectorFor, type VirtualMachineInstanceMigration } from './vmim';

// KubeVirt's examples/vm-cirros.yaml (kubevirt-reference/examples), inlined so a fresh clone has it.
const cirros = parse(`
apiVersion: kubevirt.io/v1
kind: VirtualMachine
metadata:
  labels:
    kubevirt.io/vm: vm-cirros
  name: vm-cirros
spec:
  runStrategy: Halted
  template:
    metadata:
      labels:
        kubevirt.io/vm: vm-cirros
    spec:
      domain:
        devices:
          disks:
          - disk:
              bus: virtio
            name: containerdisk
          - disk:
              bus: virtio
            name: cloudinitdisk
        memory:
          guest: 128Mi
        resources: {}
      terminationGracePeriodSeconds: 0
      volumes:
      - containerDisk:
          image: registry:5000/kubevirt/cirros-container-disk-demo:devel
        name: containerdisk
      - cloudInitNoCloud:
          userData: |
            #!/bin/sh

            echo 'printed from cloud-init userdata'
        name: cloudinitdisk
`) as VirtualMachine;

describe('VirtualMachine module', () => {
  it('reads the upstream vm-cirros example', () => {
    expect(runStrategyOf(cirros)).toBe('Halted');
    expect(vmMemory(cirros)).toBe('128Mi');
    expect(vmMemoryBytes(cirros)).toBe(128 * 2 ** 20);
    expect(vmVcpus(cirros)).toBe(1);
    expect(vmPrintableStatus(cirros)).toBe('Unknown');
  });

  it('maps legacy spec.running and computes sockets × cores × threads', () => {
    const vm: VirtualMachine = {
      metadata: { name: 'x' },
      spec: { running: true, template: { spec: { domain: { devices: {}, cpu: { sockets: 2, cores: 2, threads: 2 } } } } },
      status: { printableStatus: 'Running' },
    };
    expect(runStrategyOf(vm)).toBe('Always');
    expect(vmVcpus(vm)).toBe(8);
    expect(vmPrintableStatus(vm)).toBe('Running');
  });

  it('leaves vCPUs to the instancetype when the VM has no cpu block', () => {
    const vm: VirtualMachine = { metadata: { name: 'x' }, spec: { instancetype: { name: 'u1.small' }, template: { spec: { domain: { devices: {} } } } } };
    expect(vmVcpus(vm)).toBeUndefined();
    expect(vmMemory(vm)).toBeUndefined();
  });

  it('recognises every documented printableStatus and maps unknown text to Unknown', () => {
    for (const s of PRINTABLE_STATUSES) expect(vmPrintableStatus({ ...cirros, status: { printableStatus: s } })).toBe(s);
    expect(vmPrintableStatus({ ...cirros, status: { printableStatus: 'SomethingNew' } })).toBe('Unknown');
  });

  it('builds encoded subresource paths', () => {
    expect(vmiSubresourcePath('default', 'a', 'pause')).toBe('/apis/subresources.kubevirt.io/v1/namespaces/default/virtualmachineinstances/a/pause');
  });

  it('nests query keys so a site key prefixes its lists and objects', () => {
    const vmKeys = resourceKeys(VM_GVR);
    const site = vmKeys.site('central');
    const list = vmKeys.list('central', { namespace: 'default' });
    const obj = vmKeys.object('central', 'default', 'a');
    expect(list.slice(0, site.length)).toEqual(site);
    expect(obj.slice(0, site.length)).toEqual(site);
    expect(vmKeys.all()).toEqual(['k8s', 'kubevirt.io/v1/virtualmachines']);
    expect(VM_GVR.resource).toBe('virtualmachines');
    expect(vmKeys.list('central')).not.toEqual(vmKeys.list('central', { namespace: 'default' }));
  });
});

describe('VMI, DataVolume, VMIM, Event, Node selectors', () => {
  it('collects node and de-duplicated IPs from VMI status', () => {
    const vmi: VirtualMachineInstance = {
      metadata: { name: 'a' },
      spec: { domain: { devices: {} } },
      status: { nodeName: 'n1', interfaces: [{ ipAddress: '10.0.0.5', ipAddresses: ['10.0.0.5', 'fd00::5'] }, { ipAddress: '192.168.1.9' }] },
    };
    expect(vmiNode(vmi)).toBe('n1');
    expect(vmiIps(vmi)).toEqual(['10.0.0.5', 'fd00::5', '192.168.1.9']);
    expect(vmiIps(undefined)).toEqual([]);
    expect(vmiNode(undefined)).toBeUndefined();
  });

  it('parses DataVolume progress strings as CDI formats them', () => {
    const dv = (progress?: string): DataVolume => ({ metadata: { name: 'd' }, spec: {}, status: { progress } });
    expect(dvProgress(dv('45.25%'))).toBeCloseTo(0.4525);
    expect(dvProgress(dv('100.0%'))).toBe(1);
    expect(dvProgress(dv('N/A'))).toBeUndefined();
    expect(dvProgress(dv())).toBeUndefined();
  });

  it('selects migrations by VMI label and knows final phases', () => {
    expect(vmimSelectorFor('web')).toBe('kubevirt.io/vmi-name=web');
    const m = (phase: string): VirtualMachineInstanceMigration => ({ metadata: { name: 'm' }, spec: { vmiName: 'web' }, status: { phase } });
    expect(vmimIsFinal(m('Succeeded'))).toBe(true);
    expect(vmimIsFinal(m('Failed'))).toBe(true);
    expect(vmimIsFinal(m('Running'))).toBe(false);
  });

  it('sorts events newest first and selects by involved object', () => {
    const e = (name: string, last: string): KubeEvent => ({ metadata: { name }, involvedObject: {}, lastTimestamp: last });
    expect(sortEventsNewestFirst([e('old', '2026-01-01T00:00:00Z'), e('new', '2026-02-01T00:00:00Z')]).map((x) => x.metadata.name)).toEqual(['new', 'old']);
    expect(eventSelectorFor('VirtualMachine', 'web')).toBe('involvedObject.kind=VirtualMachine,involvedObject.name=web');
  });

  it('judges node readiness and cordons', () => {
    const n = (ready: string, unschedulable = false): KubeNode => ({ metadata: { name: 'n' }, spec: { unschedulable }, status: { conditions: [{ type: 'Ready', status: ready }] } });
    expect(nodeIsReady(n('True'))).toBe(true);
    expect(nodeIsSchedulable(n('True', true))).toBe(false);
    expect(nodeIsReady(n('Unknown'))).toBe(false);
  });
});
