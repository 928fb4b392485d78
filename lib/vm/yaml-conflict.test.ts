import { describe, expect, it } from 'vitest';
import { diffObjects, pointerToDotted, rebaseEdit } from './yaml-conflict';
import { lineOfField, parseFieldPath, yamlProblem } from './yaml-field-lines';

function vm(rv: string, memory: string, labels: Record<string, string> = {}) {
  return {
    apiVersion: 'kubevirt.io/v1',
    kind: 'VirtualMachine',
    metadata: { name: 'web', namespace: 'prod', resourceVersion: rv, labels },
    spec: { runStrategy: 'Always', template: { spec: { domain: { cpu: { cores: 1 }, memory: { guest: memory } } } } },
    status: { printableStatus: 'Running' },
  };
}

describe('diffObjects', () => {
  it('lists field changes and ignores server-maintained fields', () => {
    const a = vm('1', '1Gi');
    const b = { ...vm('7', '1Gi', { team: 'ot' }), status: { printableStatus: 'Stopped' } };
    expect(diffObjects(a, b)).toEqual([{ op: 'add', path: '/metadata/labels/team', after: 'ot', before: undefined }]);
  });
});

describe('rebaseEdit', () => {
  it('re-applies my memory change on top of a server-side label change', () => {
    const base = vm('1', '1Gi');
    const mine = vm('1', '2Gi');
    const latest = vm('5', '1Gi', { owner: 'noc' });
    const r = rebaseEdit(base, mine, latest);
    expect(r.conflicts).toEqual([]);
    expect(r.dropped).toEqual([]);
    expect(r.merged.metadata.resourceVersion).toBe('5');
    expect(r.merged.metadata.labels).toEqual({ owner: 'noc' });
    expect(r.merged.spec.template.spec.domain.memory.guest).toBe('2Gi');
    expect(r.mine).toEqual([{ op: 'replace', path: '/spec/template/spec/domain/memory/guest', before: '1Gi', after: '2Gi' }]);
  });

  it('reports a field both sides changed differently', () => {
    const r = rebaseEdit(vm('1', '1Gi'), vm('1', '2Gi'), vm('3', '4Gi'));
    expect(r.conflicts).toEqual([{ path: '/spec/template/spec/domain/memory/guest', server: '4Gi', mine: '2Gi' }]);
    expect(r.merged.spec.template.spec.domain.memory.guest).toBe('2Gi');
  });

  it('is not a conflict when both made the same change', () => {
    expect(rebaseEdit(vm('1', '1Gi'), vm('1', '2Gi'), vm('3', '2Gi')).conflicts).toEqual([]);
  });

  it('drops a change whose parent vanished on the server', () => {
    const base = vm('1', '1Gi');
    const mine = vm('1', '1Gi');
    mine.spec.template.spec.domain.cpu.cores = 2;
    const latest = vm('2', '1Gi');
    const domain: { cpu?: unknown } = latest.spec.template.spec.domain;
    delete domain.cpu;
    const r = rebaseEdit(base, mine, latest);
    expect(r.dropped.map((d) => d.path)).toEqual(['/spec/template/spec/domain/cpu/cores']);
    expect(r.conflicts.map((c) => c.path)).toEqual(['/spec/template/spec/domain/cpu/cores']);
  });

  it('does not modify its inputs', () => {
    const latest = vm('5', '1Gi');
    rebaseEdit(vm('1', '1Gi'), vm('1', '8Gi'), latest);
    expect(latest.spec.template.spec.domain.memory.guest).toBe('1Gi');
  });
});

describe('field paths to YAML lines', () => {
  const text = [
    'apiVersion: kubevirt.io/v1',
    'kind: VirtualMachine',
    'metadata:',
    '  name: web',
    'spec:',
    '  template:',
    '    spec:',
    '      domain:',
    '        devices:',
    '          disks:',
    '            - name: rootdisk',
    '              disk: {}',
    '            - name: bad',
    '        memory:',
    '          guest: 1Gi',
    '',
  ].join('\n');

  it('parses field paths', () => {
    expect(parseFieldPath('spec.template.spec.domain.devices.disks[1].name')).toEqual(['spec', 'template', 'spec', 'domain', 'devices', 'disks', 1, 'name']);
    expect(parseFieldPath('metadata.labels[kubevirt.io/vm]')).toEqual(['metadata', 'labels', 'kubevirt.io/vm']);
  });

  it('finds the line of a field', () => {
    expect(lineOfField(text, 'spec.template.spec.domain.memory.guest')).toEqual({ line: 15, exact: true });
    expect(lineOfField(text, 'spec.template.spec.domain.devices.disks[1].name')).toEqual({ line: 13, exact: true });
    expect(lineOfField(text, 'metadata.name')).toEqual({ line: 4, exact: true });
  });

  it('points a missing field at its nearest parent', () => {
    expect(lineOfField(text, 'spec.template.spec.domain.devices.disks[1].disk')).toEqual({ line: 13, exact: false });
    expect(lineOfField(text, 'spec.runStrategy')).toEqual({ line: 5, exact: false });
  });

  it('reports a YAML syntax error with its line', () => {
    const p = yamlProblem('a: 1\nb: [1, 2\nc: 3\n');
    expect(p?.line).toBeGreaterThanOrEqual(2);
    expect(p?.message).toMatch(/\w/);
    expect(yamlProblem(text)).toBeUndefined();
  });

  it('turns pointers into dotted paths', () => {
    expect(pointerToDotted('/spec/template/spec/volumes/0/name')).toBe('spec.template.spec.volumes[0].name');
    expect(pointerToDotted('/metadata/labels/kubevirt.io~1vm')).toBe('metadata.labels.kubevirt.io/vm');
  });
});

describe('editable YAML', async () => {
  const { toEditableYaml, parseEditedYaml } = await import('./yaml-text');
  it('drops status and managedFields and parses back', () => {
    const obj = { ...vm('3', '1Gi'), metadata: { ...vm('3', '1Gi').metadata, managedFields: [{ manager: 'x' }] } };
    const text = toEditableYaml(obj);
    expect(text).not.toMatch(/printableStatus|managedFields/);
    const back = parseEditedYaml(text);
    expect(back.ok && back.object.metadata.resourceVersion).toBe('3');
  });
  it('locates a parse error', () => {
    const r = parseEditedYaml('a: 1\nb: [\n');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problem.line).toBeGreaterThanOrEqual(2);
    expect(parseEditedYaml('- 1\n').ok).toBe(false);
  });
});
