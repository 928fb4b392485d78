/** Row model of the DataVolumes page: one row per DataVolume, joined with its claim and VM. */
import { dvConsumer, dvConsumers, dvFacts, type DvFacts } from '@/lib/datavolume/dv-facts';
import { presentDvPhase } from '@/lib/datavolume/dv-phase';
import type { SiteDvs } from '@/lib/k8s/hooks/use-site-dvs';
import type { DvListFilters } from './dv-filters';

export interface DvRow extends DvFacts {
  /** `site/namespace/name`, unique across the fleet. */
  id: string;
  site: string;
  namespace: string;
  name: string;
  /** The VM that uses it, if any (same site and namespace). */
  vm?: string;
  created?: string;
  /** The site is unreachable: this is the last known state. */
  stale: boolean;
  haystack: string;
}

export function buildDvRows(s: SiteDvs, stale: boolean): DvRow[] {
  const consumers = dvConsumers(s.vms.items.values());
  const rows: DvRow[] = [];
  for (const [key, dv] of s.dvs.items) {
    const namespace = dv.metadata.namespace ?? '';
    const name = dv.metadata.name ?? '';
    const facts = dvFacts(
      dv,
      s.pvcs.items.get(dv.status?.claimName ? `${namespace}/${dv.status.claimName}` : key),
    );
    const vm = dvConsumer(dv, consumers);
    rows.push({
      ...facts,
      id: `${s.site}/${key}`,
      site: s.site,
      namespace,
      name,
      vm,
      created: dv.metadata.creationTimestamp,
      stale,
      haystack: [
        name,
        namespace,
        s.site,
        facts.sourceDetail ?? '',
        facts.boundPvc ?? '',
        vm ?? '',
        facts.storageClass ?? '',
      ]
        .join(' ')
        .toLowerCase(),
    });
  }
  return rows;
}

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

/** Rows that pass the filters (search terms ANDed), ordered by site, namespace, name. */
export function filterDvRows(rows: readonly DvRow[], f: DvListFilters): DvRow[] {
  const terms = f.q.toLowerCase().split(/\s+/).filter(Boolean);
  return rows
    .filter(
      (r) =>
        (!f.site || r.site === f.site) &&
        (!f.namespace || r.namespace === f.namespace) &&
        (!f.phase || presentDvPhase(r.phase).phase === f.phase) &&
        terms.every((t) => r.haystack.includes(t)),
    )
    .sort(
      (a, b) =>
        collator.compare(a.site, b.site) ||
        collator.compare(a.namespace, b.namespace) ||
        collator.compare(a.name, b.name),
    );
}
