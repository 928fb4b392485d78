import type { MigrationStats } from '../types';

/** The part of QMP `query-migrate`'s reply that MigrationStats needs. */
export interface QueryMigrate {
  status?: string;
  'expected-downtime'?: number;
  downtime?: number;
  'error-desc'?: string;
  ram?: {
    total?: number;
    transferred?: number;
    remaining?: number;
    mbps?: number;
    'dirty-pages-rate'?: number;
    'page-size'?: number;
    'dirty-sync-count'?: number;
  };
}

function mapStatus(s: string | undefined): MigrationStats['status'] {
  switch (s) {
    case 'completed':
    case 'failed':
    case 'cancelled':
    case 'setup':
      return s;
    case 'postcopy-active':
    case 'postcopy-paused':
    case 'postcopy-recover':
      return 'postcopy-active';
    case undefined:
    case 'none':
      return 'setup';
    default:
      // active, pre-switchover, device, wait-unplug, cancelling: the migration still runs.
      return 'active';
  }
}

/** Maps QMP `query-migrate` (bytes; mbps in megabits/s; dirty rate in pages/s) to MigrationStats. */
export function toMigrationStats(q: QueryMigrate): MigrationStats {
  const ram = q.ram ?? {};
  const stats: MigrationStats = {
    status: mapStatus(q.status),
    totalBytes: ram.total ?? 0,
    processedBytes: ram.transferred ?? 0,
    remainingBytes: ram.remaining ?? 0,
    dirtyRateBytesPerSec: (ram['dirty-pages-rate'] ?? 0) * (ram['page-size'] ?? 4096),
    transferRateBytesPerSec: Math.round(((ram.mbps ?? 0) * 1e6) / 8),
    expectedDowntimeMs: q['expected-downtime'] ?? 0,
    dirtySyncCount: ram['dirty-sync-count'] ?? 0,
  };
  if (q.downtime !== undefined) stats.downtimeMs = q.downtime;
  if (q['error-desc']) stats.error = q['error-desc'];
  return stats;
}
