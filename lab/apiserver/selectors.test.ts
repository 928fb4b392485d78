import { describe, expect, it } from 'vitest';
import { StatusError } from '../store/status-error';
import type { KubeObject } from '../store/types';
import { compileSelector, matchLabelSelector, matches, parseLabelSelector } from './selectors';

const obj = (labels: Record<string, string>, extra: Partial<KubeObject> = {}): KubeObject => ({
  apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'ns', labels }, ...extra,
});

describe('label selectors', () => {
  it('parses every operator', () => {
    expect(parseLabelSelector('a=b,c==d,e!=f,g in (x, y),h notin (z),i,!j')).toEqual([
      { key: 'a', op: '=', values: ['b'] },
      { key: 'c', op: '=', values: ['d'] },
      { key: 'e', op: '!=', values: ['f'] },
      { key: 'g', op: 'in', values: ['x', 'y'] },
      { key: 'h', op: 'notin', values: ['z'] },
      { key: 'i', op: 'exists', values: [] },
      { key: 'j', op: '!exists', values: [] },
    ]);
  });

  it('matches as kube-apiserver does (!= and notin match a missing key)', () => {
    const sel = (s: string) => compileSelector(s, null, []);
    expect(matches(sel('app=web'), obj({ app: 'web' }))).toBe(true);
    expect(matches(sel('app=web'), obj({ app: 'db' }))).toBe(false);
    expect(matches(sel('app!=web'), obj({}))).toBe(true);
    expect(matches(sel('env in (a,b)'), obj({ env: 'b' }))).toBe(true);
    expect(matches(sel('env in (a,b)'), obj({}))).toBe(false);
    expect(matches(sel('env notin (a)'), obj({}))).toBe(true);
    expect(matches(sel('env notin (a)'), obj({ env: 'a' }))).toBe(false);
    expect(matches(sel('env,!tmp'), obj({ env: '' }))).toBe(true);
    expect(matches(sel('env,!tmp'), obj({ env: '', tmp: '1' }))).toBe(false);
    expect(matches(sel('kubevirt.io/domain=vm1'), obj({ 'kubevirt.io/domain': 'vm1' }))).toBe(true);
  });

  it('refuses malformed selectors with 400', () => {
    expect(() => parseLabelSelector('a in b')).toThrow(StatusError);
    expect(() => parseLabelSelector('=x')).toThrow(/unable to parse requirement/);
  });

  it('evaluates structured LabelSelectors', () => {
    const sel = { matchLabels: { a: '1' }, matchExpressions: [{ key: 'b', operator: 'In' as const, values: ['x'] }, { key: 'c', operator: 'DoesNotExist' as const }] };
    expect(matchLabelSelector(sel, { a: '1', b: 'x' })).toBe(true);
    expect(matchLabelSelector(sel, { a: '1', b: 'x', c: '' })).toBe(false);
    expect(matchLabelSelector({}, { any: 'thing' })).toBe(true);
  });
});

describe('field selectors', () => {
  const allowed = ['metadata.name', 'metadata.namespace', 'status.phase', 'involvedObject.name'];
  it('matches =, == and != on allowed fields', () => {
    const o = obj({}, { status: { phase: 'Running' }, involvedObject: { name: 'vm1' } });
    expect(matches(compileSelector(null, 'status.phase=Running,metadata.namespace==ns', allowed), o)).toBe(true);
    expect(matches(compileSelector(null, 'status.phase!=Running', allowed), o)).toBe(false);
    expect(matches(compileSelector(null, 'involvedObject.name=vm1', allowed), o)).toBe(true);
    expect(matches(compileSelector(null, 'status.phase=', allowed), obj({}))).toBe(true);
  });
  it('refuses fields the kind does not support', () => {
    expect(() => compileSelector(null, 'spec.x=1', allowed)).toThrow('field label not supported: spec.x');
  });
});
