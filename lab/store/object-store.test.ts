import { describe, expect, it } from 'vitest';
import { ObjectStore } from './object-store';

const REF = { group: 'kubevirt.io', resource: 'virtualmachines' };
const vm = (ns: string, name: string) => ({ apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachine', metadata: { name, namespace: ns }, spec: { x: 1 } });

describe('ObjectStore.listShared ordering cache', () => {
  it('stays sorted and current across creates, updates and deletes', () => {
    const s = new ObjectStore();
    for (const [ns, name] of [['b', 'z'], ['a', 'y'], ['b', 'a'], ['a', 'b'], ['ab', 'c']] as const) s.create(REF, vm(ns, name));
    const keys = () => s.listShared(REF).map((o) => `${o.metadata.namespace}/${o.metadata.name}`);
    expect(keys()).toEqual(['a/b', 'a/y', 'ab/c', 'b/a', 'b/z']);
    expect(s.listShared(REF, 'a').map((o) => o.metadata.name)).toEqual(['b', 'y']);
    expect(s.listShared(REF, 'ab').map((o) => o.metadata.name)).toEqual(['c']);
    expect(s.listShared(REF, 'none')).toEqual([]);
    const upd = s.get(REF, 'b', 'a');
    if (!upd) throw new Error('missing');
    upd.spec = { x: 2 };
    s.update(REF, upd);
    expect(s.listShared(REF, 'b')[0]?.spec).toEqual({ x: 2 });
    s.delete(REF, 'a', 'y');
    s.create(REF, vm('a', 'c'));
    expect(keys()).toEqual(['a/b', 'a/c', 'ab/c', 'b/a', 'b/z']);
    const copy = s.listShared(REF) as unknown[];
    copy.pop();
    expect(keys()).toHaveLength(5);
  });
});

describe('finalizers and garbage collection', () => {
  it('deletes dependents when the owner goes with its last finalizer', () => {
    const store = new ObjectStore();
    const vms = { group: 'kubevirt.io', resource: 'virtualmachines' };
    const pods = { group: '', resource: 'pods' };
    const owner = store.create(vms, {
      apiVersion: 'kubevirt.io/v1',
      kind: 'VirtualMachine',
      metadata: { name: 'vm1', namespace: 'default', finalizers: ['kubevirt.io/test'] },
    });
    store.create(pods, {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: 'launcher',
        namespace: 'default',
        ownerReferences: [{ apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachine', name: 'vm1', uid: owner.metadata.uid ?? '' }],
      },
    });
    const terminating = store.delete(vms, 'default', 'vm1');
    expect(terminating.metadata.deletionTimestamp).toBeTruthy();
    expect(store.get(pods, 'default', 'launcher')).toBeDefined();
    terminating.metadata.finalizers = [];
    store.update(vms, terminating);
    expect(store.get(vms, 'default', 'vm1')).toBeUndefined();
    expect(store.get(pods, 'default', 'launcher')).toBeUndefined();
  });
});
