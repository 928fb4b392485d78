'use client';
/**
 * One VMIM watch per site (through the watch multiplexer), as fleet rows. A migration in flight
 * keeps its live state on the VMI (virt-controller copies it to the VMIM only when final), so
 * the VMI of each active migration is watched too, by name.
 */
import { useMemo } from 'react';
import { useK8sLists, type ListSpec } from '@/lib/k8s/hooks/use-k8s-list';
import { VMI_GVR, type VirtualMachineInstance } from '@/lib/k8s/resources/virtual-machine-instance';
import { VMIM_GVR, vmimIsFinal, type VirtualMachineInstanceMigration } from '@/lib/k8s/resources/vmim';
import { migrationRow, type MigrationRow } from '@/lib/migration/rows';

export interface SiteMigrations {
  rows: MigrationRow[];
  /** Sites whose first list has not arrived yet. */
  waiting: number;
  listed: boolean;
}

/** A number per snapshot object: a snapshot is a new object whenever its collection changes. */
const ids = new WeakMap<object, number>();
let nextId = 0;
function idOf(o: object): number {
  let id = ids.get(o);
  if (id === undefined) ids.set(o, (id = ++nextId));
  return id;
}

const vmiKey = (site: string, namespace: string, name: string) => `${site}\n${namespace}\n${name}`;

export function useMigrationRows(sites: readonly string[]): SiteMigrations {
  const key = sites.join('\n');
  const specs = useMemo<ListSpec[]>(
    () => (key ? key.split('\n') : []).map((site) => ({ site, gvr: VMIM_GVR })),
    [key],
  );
  const snaps = useK8sLists<VirtualMachineInstanceMigration>(specs);
  const activeKey = [
    ...new Set(
      snaps.flatMap((s, i) =>
        [...s.items.values()]
          .filter((m) => !vmimIsFinal(m))
          .map((m) => vmiKey(specs[i]?.site ?? '', m.metadata.namespace ?? '', m.spec.vmiName)),
      ),
    ),
  ]
    .sort()
    .join('\n\n');
  const vmiSpecs = useMemo<ListSpec[]>(
    () =>
      (activeKey ? activeKey.split('\n\n') : []).map((k) => {
        const [site = '', namespace = '', name = ''] = k.split('\n');
        return { site, gvr: VMI_GVR, scope: { namespace, fieldSelector: `metadata.name=${name}` } };
      }),
    [activeKey],
  );
  const vmiSnaps = useK8sLists<VirtualMachineInstance>(vmiSpecs);
  const version = [...snaps, ...vmiSnaps].map(idOf).join(',');
  return useMemo(() => {
    const vmis = new Map<string, VirtualMachineInstance>();
    vmiSnaps.forEach((s, i) => {
      const spec = vmiSpecs[i];
      for (const v of s.items.values()) {
        if (spec) vmis.set(vmiKey(spec.site, v.metadata.namespace ?? '', v.metadata.name ?? ''), v);
      }
    });
    return {
      rows: snaps.flatMap((s, i) => {
        const site = specs[i]?.site ?? '';
        return [...s.items.values()].map((m) =>
          migrationRow(site, m, vmis.get(vmiKey(site, m.metadata.namespace ?? '', m.spec.vmiName))),
        );
      }),
      waiting: snaps.filter((s) => !s.listed).length,
      listed: snaps.some((s) => s.listed),
    };
    // `version` names the snapshots read here (their number varies, so they cannot be deps).
  }, [specs, vmiSpecs, version]);
}
