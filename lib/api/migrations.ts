/**
 * Live-migration progress: `GET MIGRATION_PROGRESS_PATH?site=&node=` answers the
 * `kubevirt_vmi_migration_*` series of one source node as a `MigrationProgressFrame`. The backend
 * reads them as the signed-in user, from the node's virt-handler through the site's API server
 * (pod proxy), or from the site's Prometheus when one is configured.
 */
export const MIGRATION_PROGRESS_PATH = '/api/migrations/progress';

export function migrationProgressPath(site: string, node: string): string {
  return `${MIGRATION_PROGRESS_PATH}?${new URLSearchParams({ site, node })}`;
}

export type ProgressSource = 'pod-proxy' | 'prometheus';

/** One VMI's migration on the node, as virt-handler reports it (bytes, bytes per second). */
export interface MigrationSample {
  namespace: string;
  vmi: string;
  totalBytes: number;
  processedBytes: number;
  remainingBytes: number;
  transferRate: number;
  dirtyRate: number;
}

export interface MigrationProgressFrame {
  site: string;
  node: string;
  source: ProgressSource;
  /** When the backend read the series (ISO). */
  at: string;
  samples: MigrationSample[];
}
