import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../store/types';
import { printableStatus, type PrintableFacts } from './printable-status';

const vm = (extra: Partial<KubeObject['metadata']> = {}, spec: Record<string, unknown> = { runStrategy: 'Always' }): KubeObject => ({ apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachine', metadata: { name: 'v', ...extra }, spec });
const vmi = (phase: string, status: Record<string, unknown> = {}, meta: Partial<KubeObject['metadata']> = {}): KubeObject => ({ apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachineInstance', metadata: { name: 'v', ...meta }, status: { phase, ...status } });
const f = (o: Partial<PrintableFacts>): PrintableFacts => ({ vm: vm(), shouldRun: true, ...o });
const unsched = { conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: '0/3 nodes are available' }] };

describe('printableStatus', () => {
  const cases: [string, PrintableFacts][] = [
    ['Terminating', f({ vm: vm({ deletionTimestamp: '2026-01-01T00:00:00Z' }), vmi: vmi('Running') })],
    ['Stopping', f({ vmi: vmi('Running', {}, { deletionTimestamp: '2026-01-01T00:00:00Z' }) })],
    ['Stopping', f({ shouldRun: false, vmi: vmi('Running') })],
    ['Migrating', f({ vmi: vmi('Running', { migrationState: { startTimestamp: '2026-01-01T00:00:00Z' } }) })],
    ['Paused', f({ vmi: vmi('Running', { conditions: [{ type: 'Paused', status: 'True', reason: 'PausedByUser' }] }) })],
    ['Running', f({ vmi: vmi('Running', { migrationState: { startTimestamp: 'x', endTimestamp: 'y', completed: true } }) })],
    ['ErrorPvcNotFound', f({ vmi: vmi('Pending'), pvcMissing: true })],
    ['DataVolumeError', f({ vmi: vmi('Pending'), dataVolumeError: true })],
    ['ErrorUnschedulable', f({ vmi: vmi('Scheduling', unsched) })],
    ['Provisioning', f({ vmi: vmi('Pending'), provisioning: true })],
    ['WaitingForVolumeBinding', f({ vmi: vmi('Pending'), pvcUnbound: true })],
    ['ErrImagePull', f({ vmi: vmi('Scheduled'), imagePull: 'ErrImagePull' })],
    ['ImagePullBackOff', f({ vmi: vmi('Scheduled'), imagePull: 'ImagePullBackOff' })],
    ['Starting', f({ vmi: vmi('Scheduling') })],
    ['Starting', f({ vmi: vmi('Scheduled') })],
    ['CrashLoopBackOff', f({ vmi: vmi('Failed'), crashLoop: true })],
    ['Stopped', f({ shouldRun: false })],
    ['Stopped', f({ vmi: vmi('Succeeded') })],
    ['Unknown', f({ vmi: vmi('Unknown') })],
  ];
  it.each(cases)('%s', (want, facts) => {
    expect(printableStatus(facts)).toBe(want);
  });

  it('tests statuses in upstream order: Migrating beats Paused, Paused beats Running, PVC errors beat Unschedulable', () => {
    expect(printableStatus(f({ vmi: vmi('Running', { migrationState: { startTimestamp: 'x' }, conditions: [{ type: 'Paused', status: 'True' }] }) }))).toBe('Migrating');
    expect(printableStatus(f({ vmi: vmi('Running', { conditions: [{ type: 'Paused', status: 'True' }] }) }))).toBe('Paused');
    expect(printableStatus(f({ vmi: vmi('Scheduling', unsched), pvcMissing: true }))).toBe('ErrorPvcNotFound');
    expect(printableStatus(f({ vmi: vmi('Scheduling', unsched), provisioning: true }))).toBe('ErrorUnschedulable');
  });

  it('shows WaitingForReceiver for a receiver VM whose VMI waits for sync', () => {
    expect(printableStatus(f({ vm: vm({}, { runStrategy: 'WaitAsReceiver' }), vmi: vmi('WaitingForSync'), shouldRun: true }))).toBe('WaitingForReceiver');
  });
});
