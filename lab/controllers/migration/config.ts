import type { ObjectStore } from '../../store/object-store';
import type { KubeObject } from '../../store/types';
import { quantityOr } from '../quantity';
import { R } from '../refs';

/** The migration options in effect for one VMI (KubeVirt CR defaults, overridden by a policy). */
export interface MigrationConfig {
  bandwidthPerMigration: string;
  completionTimeoutPerGiB: number;
  progressTimeout: number;
  maxDowntimeMs: number;
  allowAutoConverge: boolean;
  allowPostCopy: boolean;
  parallelMigrationsPerCluster: number;
  parallelOutboundMigrationsPerNode: number;
  policyName?: string;
}

const DEFAULTS: MigrationConfig = {
  bandwidthPerMigration: '0Mi', completionTimeoutPerGiB: 150, progressTimeout: 150, maxDowntimeMs: 900,
  allowAutoConverge: false, allowPostCopy: false, parallelMigrationsPerCluster: 5, parallelOutboundMigrationsPerNode: 2,
};

function labelsMatch(selector: Record<string, string> | undefined, labels: Record<string, string>): number {
  const entries = Object.entries(selector ?? {});
  return entries.every(([k, v]) => labels[k] === v) ? entries.length : -1;
}

/**
 * The MigrationPolicy for a VMI: every selector label must match (namespace labels and VMI
 * labels, plain maps), and the policy matching the most labels wins, as upstream; ties break
 * by name.
 */
export function matchPolicy(policies: readonly KubeObject[], vmiLabels: Record<string, string>, nsLabels: Record<string, string>): KubeObject | undefined {
  let best: { p: KubeObject; score: number } | undefined;
  for (const p of [...policies].sort((a, b) => ((a.metadata.name ?? '') < (b.metadata.name ?? '') ? -1 : 1))) {
    const sel = p.spec?.selectors ?? {};
    const a = labelsMatch(sel.namespaceSelector, nsLabels);
    const b = labelsMatch(sel.virtualMachineInstanceSelector, vmiLabels);
    if (a < 0 || b < 0) continue;
    if (a + b === 0) continue;
    if (!best || a + b > best.score) best = { p, score: a + b };
  }
  return best?.p;
}

/** Effective configuration for migrating `vmi` on this site. */
export function migrationConfig(store: ObjectStore, vmi: KubeObject): MigrationConfig {
  const kv = store.list(R.kubevirt)[0];
  const fromCr = (kv?.spec?.configuration?.migrations ?? {}) as Partial<MigrationConfig>;
  const cfg: MigrationConfig = { ...DEFAULTS, ...fromCr };
  const ns = store.get(R.namespace, undefined, vmi.metadata.namespace ?? '');
  const policy = matchPolicy(store.listShared(R.migrationPolicy), vmi.metadata.labels ?? {}, ns?.metadata.labels ?? {});
  if (policy) {
    const s = policy.spec ?? {};
    cfg.policyName = policy.metadata.name;
    for (const k of ['bandwidthPerMigration', 'completionTimeoutPerGiB', 'allowAutoConverge', 'allowPostCopy', 'maxDowntimeMs'] as const) {
      if (s[k] !== undefined) (cfg as unknown as Record<string, unknown>)[k] = s[k];
    }
  }
  return cfg;
}

/** Bytes per second of a `bandwidthPerMigration` quantity (0 = unlimited). */
export function bandwidthBytes(cfg: MigrationConfig): number {
  return quantityOr(cfg.bandwidthPerMigration, 0);
}
