import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../store/types';
import { schedule } from './fit';

const node = (name: string, extra: Partial<{ unschedulable: boolean; taints: unknown[]; labels: Record<string, string>; ready: string; memory: string }> = {}): KubeObject => ({
  apiVersion: 'v1', kind: 'Node', metadata: { name, labels: { 'kubernetes.io/hostname': name, ...(extra.labels ?? {}) } },
  spec: { unschedulable: extra.unschedulable, taints: extra.taints },
  status: { allocatable: { cpu: '4', memory: extra.memory ?? '8Gi', pods: '110', 'devices.kubevirt.io/kvm': '1k' }, conditions: [{ type: 'Ready', status: extra.ready ?? 'True' }] },
});
const demand = { cpu: 0.1, memory: 2 ** 30, kvm: 1 };

describe('scheduler fit', () => {
  it('picks the node with most free memory', () => {
    expect(schedule(demand, [node('a', { memory: '4Gi' }), node('b')], [])).toEqual({ node: 'b' });
  });
  it('explains why no node fits, like kube-scheduler', () => {
    const res = schedule({ ...demand, memory: 100 * 2 ** 30, nodeSelector: { zone: 'x' } }, [node('a', { labels: { zone: 'x' } }), node('b', { unschedulable: true }), node('c', { taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }] }), node('d', { ready: 'False' })], []);
    expect(res.node).toBeUndefined();
    expect((res as { message: string }).message).toBe(
      "0/4 nodes are available: 1 Insufficient memory, 1 node(s) had untolerated taint {dedicated: gpu}, 1 node(s) had untolerated taint {node.kubernetes.io/not-ready: }, 1 node(s) were unschedulable. preemption: 0/4 nodes are available: 4 No preemption victims found for incoming pod.",
    );
  });
  it('honours tolerations, affinity and used capacity', () => {
    const tainted = node('c', { taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }] });
    expect(schedule({ ...demand, tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'gpu', effect: 'NoSchedule' }] }, [tainted], [])).toEqual({ node: 'c' });
    const affinity = { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: ['b'] }] }] } } };
    expect(schedule({ ...demand, affinity }, [node('a'), node('b')], [])).toEqual({ node: 'b' });
    const pod: KubeObject = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { nodeName: 'a', containers: [{ resources: { requests: { memory: '7.5Gi' } } }] }, status: { phase: 'Running' } };
    expect(schedule(demand, [node('a')], [pod]).node).toBeUndefined();
  });
});
