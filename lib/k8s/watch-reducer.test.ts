import { describe, expect, it } from 'vitest';
import type { KubeObject, WatchEvent } from './types';
import { applyWatchEvents, stateFromList, WatchStreamError } from './watch-reducer';

const obj = (ns: string, name: string, rv: string, extra: Record<string, unknown> = {}): KubeObject & Record<string, unknown> => ({
  apiVersion: 'kubevirt.io/v1',
  kind: 'VirtualMachine',
  metadata: { namespace: ns, name, resourceVersion: rv },
  ...extra,
});

describe('watch reducer', () => {
  it('builds state from a list keyed by namespace/name', () => {
    const s = stateFromList([obj('a', 'x', '1'), obj('b', 'x', '2')], '10');
    expect([...s.items.keys()]).toEqual(['a/x', 'b/x']);
    expect(s.resourceVersion).toBe('10');
  });

  it('applies ADDED, MODIFIED and DELETED and tracks the last resourceVersion', () => {
    const s0 = stateFromList([obj('a', 'x', '1')], '1');
    const events: WatchEvent<KubeObject>[] = [
      { type: 'ADDED', object: obj('a', 'y', '2') },
      { type: 'MODIFIED', object: obj('a', 'x', '3', { spec: { running: true } }) },
      { type: 'DELETED', object: obj('a', 'y', '4') },
    ];
    const s1 = applyWatchEvents(s0, events);
    expect([...s1.items.keys()]).toEqual(['a/x']);
    expect((s1.items.get('a/x') as unknown as Record<string, unknown>).spec).toEqual({ running: true });
    expect(s1.resourceVersion).toBe('4');
    // The input state is not mutated.
    expect(s0.items.size).toBe(1);
    expect(s0.items.get('a/x')?.metadata.resourceVersion).toBe('1');
  });

  it('treats BOOKMARK as a resourceVersion update only', () => {
    const s0 = stateFromList([obj('a', 'x', '1')], '1');
    const s1 = applyWatchEvents(s0, [{ type: 'BOOKMARK', object: { metadata: { resourceVersion: '99' } } }]);
    expect(s1.items).toBe(s0.items);
    expect(s1.resourceVersion).toBe('99');
  });

  it('returns the same state for an empty batch', () => {
    const s0 = stateFromList([], '1');
    expect(applyWatchEvents(s0, [])).toBe(s0);
  });

  it('throws a WatchStreamError carrying 410 for an expired resourceVersion', () => {
    const s0 = stateFromList([], '1');
    let caught: unknown;
    try {
      applyWatchEvents(s0, [{ type: 'ERROR', object: { kind: 'Status', code: 410, reason: 'Expired', message: 'too old resource version' } }]);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(WatchStreamError);
    expect((caught as WatchStreamError).code).toBe(410);
    expect((caught as WatchStreamError).reason).toBe('Expired');
  });

  it('keys cluster-scoped objects by name only', () => {
    const s = stateFromList([{ metadata: { name: 'node-1', resourceVersion: '1' } }], '1');
    expect(s.items.has('node-1')).toBe(true);
  });
});
