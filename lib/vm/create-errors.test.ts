import { describe, expect, it } from 'vitest';
import { defaultForm, type VmForm } from './create';
import { formFieldOf, groupCauses, localProblems } from './create-errors';

const form = (over: Partial<VmForm> = {}): VmForm => ({ ...defaultForm('s', 'default'), name: 'web', ...over });

describe('create form errors', () => {
  it('maps cause paths to form fields', () => {
    const f = form();
    expect(formFieldOf('metadata.name', f)).toBe('name');
    expect(formFieldOf('spec.template.spec.domain.memory.guest', f)).toBe('memory');
    expect(formFieldOf('spec.template.spec.domain.cpu.cores', f)).toBe('cpu');
    expect(formFieldOf('spec.template.spec.volumes[0].containerDisk.image', f)).toBe('boot');
    expect(formFieldOf('spec.template.spec.volumes[1].cloudInitNoCloud', f)).toBe('cloudInit');
    expect(formFieldOf('spec.template.spec.domain.devices.interfaces[0].masquerade', f)).toBe('network');
    expect(formFieldOf('spec.dataVolumeTemplates[0].spec.storage', f)).toBe('boot');
    expect(formFieldOf('spec.instancetype.name', f)).toBe('sizing');
    expect(formFieldOf('spec.template.spec.nodeSelector', f)).toBe('nodeSelector');
    expect(formFieldOf('spec.template.spec.evictionStrategy', f)).toBe('general');
    expect(formFieldOf(undefined, f)).toBe('general');
  });

  it('groups causes', () => {
    const g = groupCauses([{ field: 'metadata.name', message: 'bad name' }, { field: 'spec.x', message: 'odd' }], form());
    expect(g).toEqual({ name: ['bad name'], general: ['spec.x: odd'] });
  });

  it('checks names, quantities and sources locally', () => {
    expect(localProblems(form())).toEqual({});
    expect(localProblems(form({ name: 'Web_1' })).name).toEqual(['error.nameFormat']);
    expect(localProblems(form({ memory: '2 GB' })).memory).toEqual(['error.quantity']);
    expect(localProblems(form({ memory: '2 GB', instancetype: 'u1.small' })).memory).toBeUndefined();
    expect(localProblems(form({ boot: { kind: 'http', url: 'ftp://x', size: '1Gi', storageClassName: '' } })).boot).toEqual(['error.url']);
    expect(localProblems(form({ interfaces: [] })).network).toEqual(['error.noNetwork']);
  });
});
