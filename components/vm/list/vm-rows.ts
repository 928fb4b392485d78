/**
 * Row model of the VM list: one row per VM, joined with its VMI (same name) for node and IPs.
 * Pure functions: build, filter, sort; 10,000 rows per keystroke must stay cheap.
 */
import { matchesLabels, type Requirement } from '@/lib/k8s/label-selector';
import { vmNetworkBlocksMigration } from '@/lib/network/vm-scan';
import { vmMemory, vmMemoryBytes, vmPrintableStatus, vmVcpus, type PrintableStatus, type VirtualMachine } from '@/lib/k8s/resources/virtual-machine';
import { vmiIps, vmiNode, type VirtualMachineInstance } from '@/lib/k8s/resources/virtual-machine-instance';
import { objectKey } from '@/lib/k8s/types';
import type { SortDir, SortKey } from './filter-state';

export interface VmRow {
  /** `site/namespace/name`, unique across the fleet. */
  id: string;
  site: string;
  namespace: string;
  name: string;
  status: PrintableStatus;
  node?: string;
  ips: string[];
  vcpus?: number;
  memory?: string;
  memoryBytes?: number;
  created?: string;
  labels: Record<string, string>;
  /** The VM's network stops it from live-migrating (lib/network/vm-scan). */
  netBlocked: boolean;
  /** The site is unreachable: this is the last known state. */
  stale: boolean;
  /** Lower-cased text the search box matches against. */
  haystack: string;
}

/** Rows of one site from its VM and VMI caches. */
export function buildSiteRows(
  site: string,
  vms: ReadonlyMap<string, VirtualMachine>,
  vmis: ReadonlyMap<string, VirtualMachineInstance>,
  stale: boolean,
): VmRow[] {
  const rows: VmRow[] = [];
  for (const vm of vms.values()) {
    const namespace = vm.metadata.namespace ?? '';
    const name = vm.metadata.name ?? '';
    const vmi = vmis.get(objectKey(vm));
    const node = vmiNode(vmi);
    const ips = vmiIps(vmi);
    rows.push({
      id: `${site}/${namespace}/${name}`,
      site,
      namespace,
      name,
      status: vmPrintableStatus(vm),
      node,
      ips,
      vcpus: vmVcpus(vm),
      memory: vmMemory(vm),
      memoryBytes: vmMemoryBytes(vm),
      created: vm.metadata.creationTimestamp,
      labels: vm.metadata.labels ?? {},
      netBlocked: vmNetworkBlocksMigration(vm, vmi),
      stale,
      haystack: [name, namespace, site, node ?? '', ...ips].join(' ').toLowerCase(),
    });
  }
  return rows;
}

export interface RowFilter {
  q: string;
  namespace?: string;
  status: readonly string[];
  labels: readonly Requirement[];
  netBlocked?: boolean;
}

/** Rows that pass every filter; search terms are ANDed. */
export function filterRows(rows: readonly VmRow[], f: RowFilter): VmRow[] {
  const terms = f.q.toLowerCase().split(/\s+/).filter(Boolean);
  const statuses = new Set(f.status);
  return rows.filter(
    (r) =>
      (!f.namespace || r.namespace === f.namespace) &&
      (statuses.size === 0 || statuses.has(r.status)) &&
      terms.every((t) => r.haystack.includes(t)) &&
      (f.labels.length === 0 || matchesLabels(f.labels, r.labels)) &&
      (!f.netBlocked || r.netBlocked),
  );
}

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

function compareOptional<T>(a: T | undefined, b: T | undefined, cmp: (x: T, y: T) => number): number {
  if (a === undefined && b === undefined) return 0;
  if (a === undefined) return 1;
  if (b === undefined) return -1;
  return cmp(a, b);
}

const byNumber = (x: number, y: number) => x - y;
const byText = (x: string, y: string) => collator.compare(x, y);

const COMPARATORS: Record<SortKey, (a: VmRow, b: VmRow) => number> = {
  name: (a, b) => byText(a.name, b.name),
  namespace: (a, b) => byText(a.namespace, b.namespace),
  site: (a, b) => byText(a.site, b.site),
  status: (a, b) => byText(a.status, b.status),
  node: (a, b) => compareOptional(a.node, b.node, byText),
  ip: (a, b) => compareOptional(a.ips[0], b.ips[0], byText),
  cpu: (a, b) => compareOptional(a.vcpus, b.vcpus, byNumber),
  memory: (a, b) => compareOptional(a.memoryBytes, b.memoryBytes, byNumber),
  // Newest first reads as "age ascending", like kubectl's AGE column.
  age: (a, b) => compareOptional(b.created, a.created, byText),
};

/** Sorted copy; ties broken by site, namespace, name so the order is stable across updates. */
export function sortRows(rows: readonly VmRow[], key: SortKey, dir: SortDir): VmRow[] {
  const primary = COMPARATORS[key];
  const sign = dir === 'asc' ? 1 : -1;
  return [...rows].sort((a, b) => sign * primary(a, b) || byText(a.site, b.site) || byText(a.namespace, b.namespace) || byText(a.name, b.name));
}
