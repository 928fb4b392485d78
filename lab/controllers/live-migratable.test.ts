import { describe, expect, it } from 'vitest';
import { buildVm } from '../demo/vm-builder';
import type { KubeObject } from '../store/types';
import { liveMigratableCondition } from './live-migratable';

const vmiOf = (vm: KubeObject): KubeObject => ({ apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachineInstance', metadata: { name: vm.metadata.name, ...(vm.spec.template.metadata ?? {}) }, spec: vm.spec.template.spec });

describe('LiveMigratable', () => {
  it('is True for masquerade on the pod network and shared disks', () => {
    const vmi = vmiOf(buildVm({ name: 'a', namespace: 'd', pvc: 'shared' }));
    expect(liveMigratableCondition(vmi, { shared: ['ReadWriteMany'] })).toEqual({ type: 'LiveMigratable', status: 'True' });
  });
  it('is DisksNotLiveMigratable for a RWO claim', () => {
    const vmi = vmiOf(buildVm({ name: 'a', namespace: 'd', dataVolume: 'disk' }));
    expect(liveMigratableCondition(vmi, { disk: ['ReadWriteOnce'] })).toMatchObject({ status: 'False', reason: 'DisksNotLiveMigratable', message: expect.stringContaining('PVC disk is not shared') });
  });
  it('is InterfaceNotLiveMigratable for bridge on the pod network unless annotated', () => {
    const vmi = vmiOf(buildVm({ name: 'a', namespace: 'd', podBinding: 'bridge' }));
    expect(liveMigratableCondition(vmi, {})).toMatchObject({ status: 'False', reason: 'InterfaceNotLiveMigratable' });
    vmi.metadata.annotations = { 'kubevirt.io/allow-pod-bridge-network-live-migration': '' };
    expect(liveMigratableCondition(vmi, {}).status).toBe('True');
  });
  it('treats a VMI without networks as the default bridge binding', () => {
    const vmi = vmiOf(buildVm({ name: 'a', namespace: 'd' }));
    delete vmi.spec.networks;
    delete vmi.spec.domain.devices.interfaces;
    expect(liveMigratableCondition(vmi, {}).reason).toBe('InterfaceNotLiveMigratable');
  });
  it('is HostDeviceNotLiveMigratable with GPUs or host devices', () => {
    const vmi = vmiOf(buildVm({ name: 'a', namespace: 'd' }));
    vmi.spec.domain.devices.gpus = [{ name: 'gpu1', deviceName: 'nvidia.com/GA102' }];
    expect(liveMigratableCondition(vmi, {}).reason).toBe('HostDeviceNotLiveMigratable');
  });
});
