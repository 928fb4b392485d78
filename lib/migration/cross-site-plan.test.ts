import { describe, expect, it } from 'vitest';
import type { VirtualMachine } from '../k8s/resources/virtual-machine';
import { crossSitePlan } from './cross-site-plan';

const vm: VirtualMachine = {
  apiVersion: 'kubevirt.io/v1',
  kind: 'VirtualMachine',
  metadata: { name: 'web', namespace: 'prod', uid: 'u1', resourceVersion: '7', labels: { app: 'web' } },
  spec: { running: true, template: { spec: { domain: { devices: {} } } } } as VirtualMachine['spec'],
  status: { printableStatus: 'Running' },
};

describe('crossSitePlan', () => {
  it('makes the receiver a copy of the VM that waits as receiver, without cluster-owned fields', () => {
    const p = crossSitePlan(vm, 'edge', 'm1');
    expect(p.receiverVm).toEqual({
      apiVersion: 'kubevirt.io/v1',
      kind: 'VirtualMachine',
      metadata: { name: 'web', namespace: 'edge', labels: { app: 'web' } },
      spec: { runStrategy: 'WaitAsReceiver', template: vm.spec.template },
    });
  });

  it('pairs a receive VMIM on the target with a sendTo VMIM on the source by the same ID', () => {
    const p = crossSitePlan(vm, 'edge', 'm1');
    expect(p.receiveVmim.metadata).toEqual({ name: 'web-receive-m1', namespace: 'edge' });
    expect(p.receiveVmim.spec).toEqual({ vmiName: 'web', receive: { migrationID: 'm1' } });
    const send = p.sendVmim('10.0.0.5:9185');
    expect(send.metadata).toEqual({ name: 'web-send-m1', namespace: 'prod' });
    expect(send.spec).toEqual({ vmiName: 'web', sendTo: { migrationID: 'm1', connectURL: '10.0.0.5:9185' } });
  });
});
