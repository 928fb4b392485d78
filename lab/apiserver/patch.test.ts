import { describe, expect, it } from 'vitest';
import { applyPatch, jsonPatch, mergePatch, strategicMergePatch } from './patch';

describe('JSON merge patch (RFC 7386)', () => {
  it('merges objects, deletes on null, replaces arrays', () => {
    const target = { a: 1, b: { c: 2, d: 3 }, list: [1, 2] };
    expect(mergePatch(target, { b: { c: null, e: 4 }, list: [3], f: 'x' })).toEqual({ a: 1, b: { d: 3, e: 4 }, list: [3], f: 'x' });
    expect(target.b.c).toBe(2);
  });
});

describe('JSON patch (RFC 6902)', () => {
  it('applies operations without touching the input', () => {
    const target = { spec: { runStrategy: 'Halted' }, metadata: { labels: { a: 'b' } } };
    const out = jsonPatch(target, [
      { op: 'test', path: '/spec/runStrategy', value: 'Halted' },
      { op: 'replace', path: '/spec/runStrategy', value: 'Always' },
      { op: 'add', path: '/metadata/labels/x~1y', value: 'z' },
      { op: 'remove', path: '/metadata/labels/a' },
    ]);
    expect(out).toEqual({ spec: { runStrategy: 'Always' }, metadata: { labels: { 'x/y': 'z' } } });
    expect(target.spec.runStrategy).toBe('Halted');
  });
  it('fails a test operation with 422', () => {
    expect(() => jsonPatch({ a: 1 }, [{ op: 'test', path: '/a', value: 2 }])).toThrow(expect.objectContaining({ code: 422 }));
  });
  it('refuses a body that is not a list with 400', () => {
    expect(() => jsonPatch({}, { op: 'add' })).toThrow(expect.objectContaining({ code: 400 }));
  });
});

describe('strategic merge patch (built-ins)', () => {
  const pod = {
    spec: {
      containers: [{ name: 'a', image: 'a:1', env: [{ name: 'X', value: '1' }] }, { name: 'b', image: 'b:1' }],
      tolerations: [{ key: 't1' }],
    },
    metadata: { finalizers: ['f1', 'f2'] },
  };
  it('merges lists of objects by their merge key', () => {
    const out = strategicMergePatch(pod, { spec: { containers: [{ name: 'a', image: 'a:2', env: [{ name: 'Y', value: '2' }] }] } }) as typeof pod;
    expect(out.spec.containers).toEqual([
      { name: 'a', image: 'a:2', env: [{ name: 'X', value: '1' }, { name: 'Y', value: '2' }] },
      { name: 'b', image: 'b:1' },
    ]);
  });
  it('honours $patch: delete, $patch: replace and $deleteFromPrimitiveList', () => {
    const del = strategicMergePatch(pod, { spec: { containers: [{ name: 'b', $patch: 'delete' }] } }) as typeof pod;
    expect(del.spec.containers.map((c) => c.name)).toEqual(['a']);
    const rep = strategicMergePatch(pod, { spec: { $patch: 'replace', containers: [] } }) as typeof pod;
    expect(rep.spec).toEqual({ containers: [] });
    const prim = strategicMergePatch(pod, { metadata: { '$deleteFromPrimitiveList/finalizers': ['f1'] } }) as typeof pod;
    expect(prim.metadata.finalizers).toEqual(['f2']);
  });
  it('ignores $setElementOrder directives', () => {
    const out = strategicMergePatch({ data: { a: '1' } }, { '$setElementOrder/containers': [{ name: 'a' }], data: { b: '2' } });
    expect(out).toEqual({ data: { a: '1', b: '2' } });
  });
});

describe('server-side apply (simplified)', () => {
  it('merges the applied configuration into the live object', () => {
    expect(applyPatch({ metadata: { name: 'x', uid: 'u' }, data: { a: '1' } }, { metadata: { name: 'x' }, data: { b: '2' } })).toEqual({
      metadata: { name: 'x', uid: 'u' }, data: { a: '1', b: '2' },
    });
  });
});
