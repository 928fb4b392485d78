import { afterEach, describe, expect, it, vi } from 'vitest';
import { setCsrfTokenSource } from '@/lib/k8s/client';
import { KubeApiError } from '@/lib/k8s/kube-api-error';
import { parseLabelSelector } from '@/lib/k8s/label-selector';
import type { VirtualMachine } from '@/lib/k8s/resources/virtual-machine';
import type { VirtualMachineInstance } from '@/lib/k8s/resources/virtual-machine-instance';
import { actionRequest } from '@/lib/vm/action-requests';
import { runBulk, runOne, type BulkOutcome, type BulkTarget } from './bulk-run';
import { DEFAULT_FILTERS, parseFilters, serializeFilters } from './filter-state';
import { buildSiteRows, filterRows, sortRows } from './vm-rows';

function vm(ns: string, name: string, status: string, memory: string, created: string, labels: Record<string, string> = {}): VirtualMachine {
  return {
    metadata: { namespace: ns, name, labels, creationTimestamp: created },
    spec: { runStrategy: 'Always', template: { spec: { domain: { devices: {}, memory: { guest: memory }, cpu: { cores: 2 } } } } },
    status: { printableStatus: status },
  };
}
const vmi = (ns: string, name: string, node: string, ip: string): VirtualMachineInstance => ({
  metadata: { namespace: ns, name },
  spec: { domain: { devices: {} } },
  status: { nodeName: node, interfaces: [{ ipAddress: ip }] },
});

const vms = new Map([
  ['prod/web-10', vm('prod', 'web-10', 'Running', '2Gi', '2026-01-02T00:00:00Z', { app: 'web' })],
  ['prod/web-9', vm('prod', 'web-9', 'Stopped', '1Gi', '2026-01-03T00:00:00Z', { app: 'web' })],
  ['dev/db', vm('dev', 'db', 'ErrorUnschedulable', '8Gi', '2026-01-01T00:00:00Z', { app: 'db' })],
]);
const vmis = new Map([['prod/web-10', vmi('prod', 'web-10', 'edge-node-1', '10.0.2.15')]]);

describe('VM list rows', () => {
  const rows = buildSiteRows('central', vms, vmis, false);

  it('joins VMs with their VMI for node and IP', () => {
    const web = rows.find((r) => r.name === 'web-10');
    expect(web).toMatchObject({ id: 'central/prod/web-10', node: 'edge-node-1', ips: ['10.0.2.15'], vcpus: 2, memoryBytes: 2 * 2 ** 30, status: 'Running' });
    expect(rows.find((r) => r.name === 'db')?.node).toBeUndefined();
  });

  it('filters by text, namespace, status and labels', () => {
    const none = { q: '', status: [], labels: [] };
    expect(filterRows(rows, { ...none, q: 'edge-node' }).map((r) => r.name)).toEqual(['web-10']);
    expect(filterRows(rows, { ...none, q: 'WEB prod' }).length).toBe(2);
    expect(filterRows(rows, { ...none, namespace: 'dev' }).map((r) => r.name)).toEqual(['db']);
    expect(filterRows(rows, { ...none, status: ['Stopped', 'Running'] }).length).toBe(2);
    expect(filterRows(rows, { ...none, labels: parseLabelSelector('app!=web') }).map((r) => r.name)).toEqual(['db']);
  });

  it('sorts naturally and by numbers, both directions', () => {
    expect(sortRows(rows, 'name', 'asc').map((r) => r.name)).toEqual(['db', 'web-9', 'web-10']);
    expect(sortRows(rows, 'memory', 'desc').map((r) => r.name)).toEqual(['db', 'web-10', 'web-9']);
    expect(sortRows(rows, 'age', 'asc').map((r) => r.name)).toEqual(['web-9', 'web-10', 'db']);
  });

  it('marks rows of an unreachable site stale', () => {
    expect(buildSiteRows('east', vms, vmis, true).every((r) => r.stale)).toBe(true);
  });
});

describe('filter URL state', () => {
  it('round-trips through the URL and drops defaults', () => {
    const f = { ...DEFAULT_FILTERS, site: 'central', status: ['Running', 'Paused'], label: 'app=web', q: 'web', sort: 'memory' as const, dir: 'desc' as const };
    const params = serializeFilters(f);
    expect(params.toString()).toBe('site=central&status=Running%2CPaused&label=app%3Dweb&q=web&sort=memory&dir=desc');
    expect(parseFilters(params)).toEqual({ ...f, namespace: undefined, tier: undefined, region: undefined });
    expect(serializeFilters(DEFAULT_FILTERS).toString()).toBe('');
  });

  it('keeps a tier and region, and drops a tier that names none', () => {
    const f = parseFilters(new URLSearchParams('tier=edge&region=north'));
    expect(f).toMatchObject({ tier: 'edge', region: 'north' });
    expect(serializeFilters(f).toString()).toBe('tier=edge&region=north');
    expect(parseFilters(new URLSearchParams('tier=moon')).tier).toBeUndefined();
  });

  it('ignores malformed sort values', () => {
    expect(parseFilters(new URLSearchParams('sort=drop-table&dir=sideways'))).toMatchObject({ sort: 'name', dir: 'asc' });
  });
});

describe('bulk actions', () => {
  const target = (name: string, status: string): BulkTarget => {
    const v = vm('ns', name, status, '1Gi', '2026-01-01T00:00:00Z');
    v.spec.runStrategy = status === 'Running' ? 'Always' : 'Halted';
    const running = status === 'Running' ? { metadata: { namespace: 'ns', name }, spec: { domain: { devices: {} } }, status: { phase: 'Running' as const } } : undefined;
    return { id: `s/ns/${name}`, site: 's', namespace: 'ns', name, vm: v, vmi: running };
  };

  /** Records what the browser client sends; access reviews answer `allowed`. */
  function recordRequests(allowed: boolean) {
    const sent: { method: string; url: string; body: unknown }[] = [];
    setCsrfTokenSource(async () => 'csrf');
    vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
      const body = init.body ? JSON.parse(String(init.body)) : undefined;
      sent.push({ method: String(init.method), url, body });
      const answer = url.endsWith('/selfsubjectaccessreviews') ? { status: { allowed } } : {};
      return new Response(JSON.stringify(answer), { status: 200, headers: { 'content-type': 'application/json' } });
    });
    return sent;
  }
  afterEach(() => vi.unstubAllGlobals());

  it('sends the same request as the single action (delete propagates in the foreground)', async () => {
    const sent = recordRequests(true);
    expect(await runOne('delete', target('web', 'Running'))).toEqual({ state: 'ok' });
    const single = actionRequest('delete', 'ns', 'web');
    const del = sent.find((r) => r.method === 'DELETE');
    expect(del).toEqual({ method: 'DELETE', url: `/k8s/s${single.path}`, body: single.body });
    expect(del?.body).toMatchObject({ propagationPolicy: 'Foreground' });
  });

  it('skips a VM whose action is disabled, with the reason the action bar gives', async () => {
    const sent = recordRequests(true);
    expect(await runOne('start', target('web', 'Running'))).toEqual({ state: 'skipped', reasonKey: 'reason.startAutomatic', reasonParams: { runStrategy: 'Always' } });
    expect(await runOne('migrate', target('db', 'Stopped'))).toMatchObject({ state: 'skipped', reasonKey: 'reason.notRunning' });
    expect(sent.filter((r) => r.method === 'PUT')).toEqual([]);
  });

  it('skips a VM the user may not act on, naming the missing right', async () => {
    const sent = recordRequests(false);
    expect(await runOne('stop', target('web', 'Running'))).toEqual({ state: 'skipped', reasonKey: 'reason.forbidden', reasonParams: { action: 'stop', namespace: 'ns' } });
    expect(sent.map((r) => r.method)).toEqual(['POST']);
  });

  it('reports each VM, keeping cluster errors per VM', async () => {
    const outcomes: Record<string, BulkOutcome> = {};
    const targets = ['a', 'b', 'c'].map((n) => target(n, 'Stopped'));
    await runBulk(
      'start',
      targets,
      (id, o) => {
        outcomes[id] = o;
      },
      2,
      async (_action, t) => {
        if (t.name === 'b') throw new KubeApiError(409, { kind: 'Status', reason: 'Conflict', message: 'Always does not support manual start requests' });
        return { state: 'ok' };
      },
    );
    expect(outcomes['s/ns/a']).toEqual({ state: 'ok' });
    expect(outcomes['s/ns/c']).toEqual({ state: 'ok' });
    expect(outcomes['s/ns/b']).toEqual({ state: 'failed', code: 409, reason: 'Conflict', message: 'Always does not support manual start requests' });
  });
});
