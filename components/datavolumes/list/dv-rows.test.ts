import { describe, expect, it } from 'vitest';
import type { SiteDvs } from '@/lib/k8s/hooks/use-site-dvs';
import type { DataVolume } from '@/lib/k8s/resources/datavolume';
import type { PersistentVolumeClaim } from '@/lib/k8s/resources/persistent-volume-claim';
import type { VirtualMachine } from '@/lib/k8s/resources/virtual-machine';
import { emptySnapshot, type WatchSnapshot } from '@/lib/k8s/watch';
import { parseDvFilters, serializeDvFilters } from './dv-filters';
import { buildDvRows, filterDvRows } from './dv-rows';

function snap<T extends { metadata: { namespace?: string; name?: string } }>(
  items: T[],
): WatchSnapshot<never> {
  const s = emptySnapshot<never>();
  return {
    ...s,
    listed: true,
    items: new Map(items.map((o) => [`${o.metadata.namespace}/${o.metadata.name}`, o as never])),
  };
}

const importing: DataVolume = {
  metadata: { name: 'win', namespace: 'apps' },
  spec: {
    source: { http: { url: 'http://img/win.img' } },
    storage: { resources: { requests: { storage: '20Gi' } } },
  },
  status: {
    phase: 'ImportInProgress',
    progress: '45.23%',
    claimName: 'win',
    restartCount: 2,
    conditions: [
      {
        type: 'Running',
        status: 'False',
        reason: 'Error',
        message: 'Unable to connect to http data source: expected status code 200, got 404',
      },
    ],
  },
};
const waiting: DataVolume = {
  metadata: {
    name: 'data',
    namespace: 'apps',
    ownerReferences: [{ apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachine', name: 'db', uid: 'u' }],
  },
  spec: {
    source: { blank: {} },
    storage: {
      storageClassName: 'local-path',
      accessModes: ['ReadWriteOnce'],
      resources: { requests: { storage: '10Gi' } },
    },
  },
  status: { phase: 'WaitForFirstConsumer', progress: 'N/A', claimName: 'data' },
};
const winPvc: PersistentVolumeClaim = {
  metadata: { name: 'win', namespace: 'apps' },
  spec: { storageClassName: 'shared-nfs', accessModes: ['ReadWriteMany'], volumeMode: 'Filesystem' },
  status: { phase: 'Bound' },
};
const vm: VirtualMachine = {
  metadata: { name: 'win-vm', namespace: 'apps' },
  spec: {
    template: { spec: { domain: { devices: {} }, volumes: [{ name: 'root', dataVolume: { name: 'win' } }] } },
  },
};

const site: SiteDvs = {
  site: 'central',
  dvs: snap([importing, waiting]),
  pvcs: snap([winPvc]),
  vms: snap([vm]),
};

describe('DataVolume rows', () => {
  const rows = buildDvRows(site, false);
  const win = rows.find((r) => r.name === 'win');
  const data = rows.find((r) => r.name === 'data');

  it('fills what the storage API left out from the bound claim', () => {
    expect(win).toMatchObject({
      id: 'central/apps/win',
      size: '20Gi',
      storageClass: 'shared-nfs',
      accessModes: ['ReadWriteMany'],
      volumeMode: 'Filesystem',
      boundPvc: 'win',
      source: 'http',
      sourceDetail: 'http://img/win.img',
    });
    expect(win?.progress).toBeCloseTo(0.4523);
  });

  it('keeps the last error with the restart count', () => {
    expect(win?.restarts).toBe(2);
    expect(win?.lastError).toContain('got 404');
    expect(data?.lastError).toBeUndefined();
  });

  it('finds the VM by volume or by owner', () => {
    expect(win?.vm).toBe('win-vm');
    expect(data?.vm).toBe('db');
    expect(data?.boundPvc).toBeUndefined();
    expect(data?.progress).toBeUndefined();
  });

  it('filters by phase and by words, ordered by name', () => {
    expect(filterDvRows(rows, { q: '', phase: 'WaitForFirstConsumer' }).map((r) => r.name)).toEqual(['data']);
    expect(filterDvRows(rows, { q: 'win-vm nfs' }).map((r) => r.name)).toEqual(['win']);
    expect(filterDvRows(rows, { q: '' }).map((r) => r.name)).toEqual(['data', 'win']);
    expect(filterDvRows(rows, { q: '', site: 'elsewhere' })).toEqual([]);
  });

  it('round-trips filters through the URL', () => {
    const f = { q: 'win', site: 'central', namespace: 'apps', phase: 'Failed' };
    expect(parseDvFilters(serializeDvFilters(f))).toEqual(f);
    expect(serializeDvFilters({ q: '' }).toString()).toBe('');
    const placed = parseDvFilters(new URLSearchParams('tier=regional&region=east'));
    expect(placed).toMatchObject({ tier: 'regional', region: 'east' });
    expect(serializeDvFilters(placed).toString()).toBe('tier=regional&region=east');
    expect(parseDvFilters(new URLSearchParams('tier=moon')).tier).toBeUndefined();
  });
});
