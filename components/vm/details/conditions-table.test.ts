import { describe, expect, it } from 'vitest';
import { KubeApiError } from '@/lib/k8s/kube-api-error';
import { problemsOf } from '@/components/vm/yaml/use-yaml-edit';
import { mergeConditions } from './conditions-table';

describe('mergeConditions', () => {
  it('keeps VM conditions and adds VMI-only ones', () => {
    const vm = [{ type: 'Ready', status: 'True' }, { type: 'LiveMigratable', status: 'False', reason: 'DisksNotLiveMigratable' }];
    const vmi = [{ type: 'Ready', status: 'True' }, { type: 'AgentConnected', status: 'True' }];
    expect(mergeConditions(vm, vmi).map((c) => `${c.source}:${c.type}`)).toEqual(['vm:Ready', 'vm:LiveMigratable', 'vmi:AgentConnected']);
    expect(mergeConditions(undefined, undefined)).toEqual([]);
  });
});

describe('problemsOf (422 causes → editor lines)', () => {
  it('puts each cause at the line of its field', () => {
    const text = 'apiVersion: kubevirt.io/v1\nkind: VirtualMachine\nspec:\n  runStrategy: Sometimes\n';
    const err = new KubeApiError(422, {
      kind: 'Status',
      reason: 'Invalid',
      message: 'VirtualMachine "x" is invalid',
      details: { causes: [{ field: 'spec.runStrategy', message: 'Unsupported value: "Sometimes"' }, { message: 'no field' }] },
    });
    expect(problemsOf(err, text)).toEqual([
      { line: 4, field: 'spec.runStrategy', message: 'Unsupported value: "Sometimes"' },
      { line: 1, field: undefined, message: 'no field' },
    ]);
  });
});
