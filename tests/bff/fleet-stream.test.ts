import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Lab as LabSites } from '../../lab/lab';
import { FLEET_STREAM_PATH } from '@/lib/api/fleet';
import type { RunningServer } from '@/server/start-server';
import { Browser } from '../support/http-client';
import { eventually, startBff, startTestLab, type Lab } from '../support/bff-env';
import { labApi } from '../support/lab-api';
import { openFleetStream, type FleetStreamClient } from '../support/sse-client';

const SITES = ['central', 'site-factory-01'];
const FLEET_RESOURCES = ['kubevirt.io/virtualmachines', 'nodes', 'kubevirt.io/virtualmachineinstancemigrations', 'cdi.kubevirt.io/datavolumes'];
let lab: Lab;
let server: RunningServer;
let browser: Browser;
const streams: FleetStreamClient[] = [];

async function watchCounts(site: string): Promise<Record<string, number>> {
  const res = await fetch(`${lab.adminUrl}/sites/${site}/watches`, { headers: { authorization: `Bearer ${lab.tokens.admin}` } });
  return ((await res.json()) as { watches: Record<string, number> }).watches;
}

async function open(): Promise<FleetStreamClient> {
  const s = await openFleetStream(`${server.url}${FLEET_STREAM_PATH}`, { cookie: browser.cookieHeader() });
  streams.push(s);
  return s;
}

/** VMs by printable status, as the cluster has them now. */
async function clusterByStatus(site: string): Promise<Record<string, number>> {
  const list = (await labApi(lab as unknown as LabSites, site).req('GET', '/apis/kubevirt.io/v1/virtualmachines')).json as {
    items: { status?: { printableStatus?: string } }[];
  };
  const out: Record<string, number> = {};
  for (const vm of list.items) {
    const s = vm.status?.printableStatus ?? 'Unknown';
    out[s] = (out[s] ?? 0) + 1;
  }
  return out;
}

beforeAll(async () => {
  lab = await startTestLab({ sites: SITES });
  server = await startBff(lab, { fleet: { coalesceMs: 100 } });
  browser = new Browser(server.url);
  const link = new URL(server.signInUrl ?? '');
  await browser.call('GET', link.pathname + link.search);
}, 60_000);

afterAll(async () => {
  for (const s of streams) s.close();
  await server?.close();
  await lab?.stop();
});

describe('fleet summary stream', () => {
  it('refuses a caller without a session', async () => {
    const s = await openFleetStream(`${server.url}${FLEET_STREAM_PATH}`);
    expect(s.status).toBe(401);
    s.close();
  });

  it('costs each site one watch per resource, for 1 subscriber and for 20', async () => {
    const first = await open();
    expect(first.status).toBe(200);
    await eventually(async () => SITES.every((site) => first.sites.get(site)?.live));
    const one = await Promise.all(SITES.map(watchCounts));
    for (const counts of one) for (const r of FLEET_RESOURCES) expect(counts[r]).toBe(1);
    const more = await Promise.all(Array.from({ length: 19 }, () => open()));
    await eventually(async () => more.every((s) => SITES.every((site) => s.sites.get(site)?.live)));
    const twenty = await Promise.all(SITES.map(watchCounts));
    expect(twenty).toEqual(one);
  });

  it('pushes summaries that end equal to the cluster after a VM is stopped', async () => {
    const api = labApi(lab as unknown as LabSites, 'central');
    const stoppedAt = Date.now();
    const patch = await api.req('PATCH', '/apis/kubevirt.io/v1/namespaces/production/virtualmachines/web-01', { spec: { runStrategy: 'Halted' } }, { 'content-type': 'application/merge-patch+json' });
    expect(patch.status).toBe(200);
    await api.waitFor('/apis/kubevirt.io/v1/namespaces/production/virtualmachines/web-01', (vm: { status?: { printableStatus?: string } }) => vm?.status?.printableStatus === 'Stopped');
    const expected = await clusterByStatus('central');
    await eventually(async () => streams.every((s) => JSON.stringify(sorted(s.sites.get('central')?.vms.byStatus)) === JSON.stringify(sorted(expected))));
    // Summaries, not objects: a frame names no VM that is not in an alert.
    const frame = streams[0]?.frames.at(-1);
    expect(JSON.stringify(frame)).not.toContain('"web-01"');
    // The stop is a change on the tile, marked with its time (the overview's "changed" mark).
    const changedAt = Date.parse(streams[0]?.sites.get('central')?.changedAt ?? '');
    expect(changedAt).toBeGreaterThanOrEqual(stoppedAt - 1000);
  });

  it('keeps the last known counts of a partitioned site, marked unreachable', async () => {
    const before = streams[0]?.sites.get('site-factory-01');
    expect(before?.vms.total).toBeGreaterThan(0);
    await lab.site('site-factory-01').setFaults({ partition: true });
    const s = await eventually(async () => {
      const now = streams[0]?.sites.get('site-factory-01');
      return now?.state === 'unreachable' ? now : undefined;
    });
    expect(s.live).toBe(false);
    // The count by status may have moved on (a demo VM finishing its start) between the frame
    // read above and the partition; the VMs known are the same.
    expect(s.vms.total).toBe(before?.vms.total);
    expect(Object.values(s.vms.byStatus).reduce((a, b) => a + b, 0)).toBe(s.vms.total);
    expect(s.asOf).not.toBeNull();
    await lab.site('site-factory-01').setFaults({});
    await eventually(async () => streams.every((c) => c.sites.get('site-factory-01')?.live));
  });
});

function sorted(o: Record<string, number> | undefined): [string, number][] {
  return Object.entries(o ?? {}).sort(([a], [b]) => a.localeCompare(b));
}
