'use client';
/** One VMIM watch per site (through the watch multiplexer), as fleet rows. */
import { useMemo } from 'react';
import { useK8sLists, type ListSpec } from '@/lib/k8s/hooks/use-k8s-list';
import { VMIM_GVR, type VirtualMachineInstanceMigration } from '@/lib/k8s/resources/vmim';
import { migrationRow, type MigrationRow } from '@/lib/migration/rows';

export interface SiteMigrations {
  rows: MigrationRow[];
  /** Sites whose first list has not arrived yet. */
  waiting: number;
  listed: boolean;
}

export function useMigrationRows(sites: readonly string[]): SiteMigrations {
  const key = sites.join('\n');
  const specs = useMemo<ListSpec[]>(
    () => (key ? key.split('\n') : []).map((site) => ({ site, gvr: VMIM_GVR })),
    [key],
  );
  const snaps = useK8sLists<VirtualMachineInstanceMigration>(specs);
  return useMemo(
    () => ({
      rows: snaps.flatMap((s, i) => [...s.items.values()].map((m) => migrationRow(specs[i]?.site ?? '', m))),
      waiting: snaps.filter((s) => !s.listed).length,
      listed: snaps.some((s) => s.listed),
    }),
    // Each snapshot is a new object when its site changes.
    [specs, ...snaps],
  );
}
