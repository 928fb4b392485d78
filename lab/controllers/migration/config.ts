import type { ObjectStore } from '../../store/object-store';
import type { KubeObject } from '../../store/types';
import { matchMigrationPolicy } from '../../../lib/migration/policy-match';
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

/** Effective configuration for migrating `vmi` on this site. */
export function migrationConfig(store: ObjectStore, vmi: KubeObject): MigrationConfig {
  const kv = store.list(R.kubevirt)[0];
  const fromCr = (kv?.spec?.configuration?.migrations ?? {}) as Partial<MigrationConfig>;
  const cfg: MigrationConfig = { ...DEFAULTS, ...fromCr };
  const ns = store.get(R.namespace, undefined, vmi.metadata.namespace ?? '');
  // virt-controller's rules, shared with the console's policies page.
  const policy = matchMigrationPolicy(store.listShared(R.migrationPolicy), vmi.metadata.labels, ns?.metadata.labels);
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
