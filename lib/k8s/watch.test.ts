import { describe, expect, it, vi } from 'vitest';
import { VM_GVR } from './resources/virtual-machine';
import type { KubeObject } from './types';
import { ResourceWatcher, type WatchSnapshot } from './watch';

interface Call {
  url: string;
  method: string;
}

/** A fake BFF: answers lists from a script and streams watch events as NDJSON. */
function fakeFetch(script: ((url: URL) => Response | Promise<Response>)[]) {
  const calls: Call[] = [];
  const impl = async (input: string, init?: RequestInit) => {
    calls.push({ url: input, method: init?.method ?? 'GET' });
    const step = script.shift();
    if (!step) return new Promise<Response>(() => undefined); // hang: no more scripted answers
    return step(new URL(input, 'http://console.test'));
  };
  return { impl, calls };
}

const vm = (name: string, rv: string): KubeObject => ({ metadata: { namespace: 'default', name, resourceVersion: rv } });
const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const stream = (lines: unknown[]) => new Response(lines.map((l) => JSON.stringify(l) + '\n').join(''), { status: 200 });

function collect() {
  const snaps: WatchSnapshot<KubeObject>[] = [];
  let resolveWhen: ((s: WatchSnapshot<KubeObject>) => void) | undefined;
  let predicate: ((s: WatchSnapshot<KubeObject>) => boolean) | undefined;
  return {
    snaps,
    onChange: (s: WatchSnapshot<KubeObject>) => {
      snaps.push(s);
      if (predicate?.(s)) resolveWhen?.(s);
    },
    until: (p: (s: WatchSnapshot<KubeObject>) => boolean) =>
      new Promise<WatchSnapshot<KubeObject>>((resolve) => {
        const hit = snaps.find(p);
        if (hit) return resolve(hit);
        predicate = p;
        resolveWhen = resolve;
      }),
  };
}

describe('ResourceWatcher', () => {
  it('lists page by page, then applies watch events from the list resourceVersion', async () => {
    const { impl, calls } = fakeFetch([
      () => json({ metadata: { resourceVersion: '5', continue: 'c1' }, items: [vm('a', '3')] }),
      () => json({ metadata: { resourceVersion: '5' }, items: [vm('b', '4')] }),
      () => stream([{ type: 'ADDED', object: vm('c', '6') }, { type: 'DELETED', object: vm('a', '7') }]),
    ]);
    const c = collect();
    const w = new ResourceWatcher({ site: 'central', gvr: VM_GVR, onChange: c.onChange, fetchImpl: impl, pageSize: 1, sleep: async () => undefined });
    w.start();
    const s = await c.until((x) => x.resourceVersion === '7');
    w.stop();
    expect([...s.items.keys()].sort()).toEqual(['default/b', 'default/c']);
    expect(s.listed).toBe(true);
    // The first page was shown before the list was complete.
    expect(c.snaps.some((x) => !x.listed && x.items.has('default/a') && !x.items.has('default/b'))).toBe(true);
    expect(s.connection).toBe('live');
    expect(calls[0]?.url).toBe('/k8s/central/apis/kubevirt.io/v1/virtualmachines?limit=1');
    // Later pages are larger: fewer round trips once the first rows show.
    expect(calls[1]?.url).toBe('/k8s/central/apis/kubevirt.io/v1/virtualmachines?limit=10&continue=c1');
    const watchUrl = new URL(calls[2]?.url ?? '', 'http://x');
    expect(watchUrl.searchParams.get('watch')).toBe('1');
    expect(watchUrl.searchParams.get('resourceVersion')).toBe('5');
    expect(watchUrl.searchParams.get('allowWatchBookmarks')).toBe('true');
  });

  it('re-lists after 410 Gone on the watch stream', async () => {
    const { impl, calls } = fakeFetch([
      () => json({ metadata: { resourceVersion: '5' }, items: [vm('a', '3')] }),
      () => stream([{ type: 'ERROR', object: { kind: 'Status', code: 410, reason: 'Expired', message: 'too old' } }]),
      () => json({ metadata: { resourceVersion: '50' }, items: [vm('z', '40')] }),
    ]);
    const c = collect();
    const w = new ResourceWatcher({ site: 's', gvr: VM_GVR, onChange: c.onChange, fetchImpl: impl, sleep: async () => undefined });
    w.start();
    const s = await c.until((x) => x.resourceVersion === '50');
    await vi.waitFor(() => expect(calls.length).toBe(4));
    w.stop();
    expect([...s.items.keys()]).toEqual(['default/z']);
    expect(calls.map((x) => new URL(x.url, 'http://x').searchParams.has('watch'))).toEqual([false, true, false, true]);
  });

  it('keeps the last items while reconnecting with backoff, then goes live again', async () => {
    const delays: number[] = [];
    const { impl } = fakeFetch([
      () => json({ metadata: { resourceVersion: '5' }, items: [vm('a', '3')] }),
      () => json({ kind: 'Status', code: 503, reason: 'ServiceUnavailable', message: 'site unreachable' }, 503),
      () => json({ kind: 'Status', code: 503, reason: 'ServiceUnavailable', message: 'site unreachable' }, 503),
      () => stream([{ type: 'MODIFIED', object: vm('a', '9') }]),
    ]);
    let t = 1000;
    const c = collect();
    const w = new ResourceWatcher({
      site: 's',
      gvr: VM_GVR,
      onChange: c.onChange,
      fetchImpl: impl,
      now: () => (t += 1000),
      backoff: { random: () => 1 },
      sleep: async (ms) => {
        delays.push(ms);
      },
    });
    w.start();
    await c.until((x) => x.resourceVersion === '9');
    w.stop();
    const reconnecting = c.snaps.filter((x) => x.connection === 'reconnecting');
    expect(reconnecting.length).toBe(2);
    expect(reconnecting.every((x) => x.items.has('default/a'))).toBe(true);
    expect(reconnecting[0]?.error?.code).toBe(503);
    expect(reconnecting[1]?.attempt).toBe(2);
    // disconnectedSince is the first failure's time, kept across retries.
    expect(reconnecting[1]?.disconnectedSince).toBe(reconnecting[0]?.disconnectedSince);
    expect(delays).toEqual([500, 1000]);
    const last = c.snaps.at(-1);
    expect(last?.connection).toBe('live');
    expect(last?.disconnectedSince).toBeNull();
    expect(last?.error).toBeNull();
  });

  it('joins events split across stream chunks', async () => {
    const text = JSON.stringify({ type: 'ADDED', object: vm('split', '8') }) + '\n';
    const body = new ReadableStream<Uint8Array>({
      start(ctrl) {
        const bytes = new TextEncoder().encode(text);
        ctrl.enqueue(bytes.slice(0, 10));
        ctrl.enqueue(bytes.slice(10));
        ctrl.close();
      },
    });
    const { impl } = fakeFetch([() => json({ metadata: { resourceVersion: '1' }, items: [] }), () => new Response(body)]);
    const c = collect();
    const w = new ResourceWatcher({ site: 's', gvr: VM_GVR, onChange: c.onChange, fetchImpl: impl, sleep: async () => undefined });
    w.start();
    const s = await c.until((x) => x.items.has('default/split'));
    w.stop();
    expect(s.resourceVersion).toBe('8');
  });
});

describe('ResourceWatcher resuming from a cached snapshot', () => {
  it('keeps the cached items and watches from their resourceVersion without listing', async () => {
    const { impl, calls } = fakeFetch([() => stream([{ type: 'ADDED', object: vm('new', '21') }])]);
    const c = collect();
    const initial: WatchSnapshot<KubeObject> = {
      items: new Map([['default/old', vm('old', '20')]]),
      resourceVersion: '20',
      listed: true,
      connection: 'live',
      lastUpdated: 1,
      disconnectedSince: null,
      error: null,
      attempt: 0,
    };
    const w = new ResourceWatcher({ site: 's', gvr: VM_GVR, onChange: c.onChange, fetchImpl: impl, initial, sleep: async () => undefined });
    expect(w.snapshot.connection).toBe('connecting');
    expect(w.snapshot.items.has('default/old')).toBe(true);
    w.start();
    const s = await c.until((x) => x.items.has('default/new'));
    w.stop();
    expect(s.items.has('default/old')).toBe(true);
    const first = new URL(calls[0]?.url ?? '', 'http://x');
    expect(first.searchParams.get('watch')).toBe('1');
    expect(first.searchParams.get('resourceVersion')).toBe('20');
  });
});

describe('ResourceWatcher reconnects', () => {
  it('retryNow ends a long backoff wait at once (the site came back)', async () => {
    const { impl, calls } = fakeFetch([
      () => json({ metadata: { resourceVersion: '5' }, items: [vm('a', '3')] }),
      () => json({ kind: 'Status', code: 503, reason: 'ServiceUnavailable', message: 'site down' }, 503),
      () => stream([{ type: 'ADDED', object: vm('b', '6') }]),
    ]);
    const c = collect();
    // A backoff of an hour: only retryNow can end it within the test.
    const w = new ResourceWatcher({ site: 'central', gvr: VM_GVR, onChange: c.onChange, fetchImpl: impl, backoff: { initialMs: 3_600_000, maxMs: 3_600_000 } });
    w.start();
    await c.until((x) => x.connection === 'reconnecting');
    expect(calls).toHaveLength(2);
    w.retryNow();
    const s = await c.until((x) => x.resourceVersion === '6');
    w.stop();
    expect(calls).toHaveLength(3);
    expect([...s.items.keys()].sort()).toEqual(['default/a', 'default/b']);
  });
});
