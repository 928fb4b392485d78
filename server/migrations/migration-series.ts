/**
 * The `kubevirt_vmi_migration_*` series of virt-handler, from its text exposition or from a
 * Prometheus instant query, folded into one `MigrationSample` per migrating VMI of a node.
 */
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import type { MigrationSample } from '../../lib/api/migrations';

/** Upstream metric name of each sample field (virt-handler's domain stats collector). */
export const MIGRATION_SERIES = {
  totalBytes: 'kubevirt_vmi_migration_data_bytes_total',
  processedBytes: 'kubevirt_vmi_migration_data_processed_bytes',
  remainingBytes: 'kubevirt_vmi_migration_data_remaining_bytes',
  transferRate: 'kubevirt_vmi_migration_memory_transfer_rate_bytes',
  dirtyRate: 'kubevirt_vmi_migration_dirty_memory_rate_bytes',
} as const;

type Field = keyof typeof MIGRATION_SERIES;
const FIELD_OF = new Map<string, Field>(Object.entries(MIGRATION_SERIES).map(([f, n]) => [n, f as Field]));

export interface Series {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Every sample of the migration series in a Prometheus text exposition. */
export function seriesFromText(text: string): Series[] {
  return parsePrometheusTextFormat(text)
    .filter((fam) => FIELD_OF.has(fam.name))
    .flatMap((fam) =>
      fam.metrics.map((m) => ({ name: fam.name, labels: m.labels ?? {}, value: Number(m.value) })),
    );
}

/** The PromQL selector of the same series on one node. */
export function migrationSeriesQuery(node: string): string {
  const names = Object.values(MIGRATION_SERIES).join('|');
  return `{__name__=~"${names}",node="${node.replace(/["\\]/g, '\\$&')}"}`;
}

/**
 * One sample per (namespace, VMI) of `node`; a VMI appears once it reports the total to migrate.
 * Non-finite values (NaN, ±Inf) count as unknown, i.e. 0.
 */
export function samplesFrom(series: readonly Series[], node: string): MigrationSample[] {
  const byVmi = new Map<string, MigrationSample & { seen: Set<Field> }>();
  for (const s of series) {
    const field = FIELD_OF.get(s.name);
    const { namespace, name } = s.labels;
    if (!field || !namespace || !name || s.labels.node !== node) continue;
    const key = `${namespace}/${name}`;
    let out = byVmi.get(key);
    if (!out) {
      out = {
        namespace,
        vmi: name,
        totalBytes: 0,
        processedBytes: 0,
        remainingBytes: 0,
        transferRate: 0,
        dirtyRate: 0,
        seen: new Set(),
      };
      byVmi.set(key, out);
    }
    out[field] = Number.isFinite(s.value) ? s.value : 0;
    out.seen.add(field);
  }
  return [...byVmi.values()]
    .filter((s) => s.seen.has('totalBytes'))
    .map(({ seen: _seen, ...s }) => s)
    .sort((a, b) => `${a.namespace}/${a.vmi}`.localeCompare(`${b.namespace}/${b.vmi}`));
}
