/**
 * Fleet rows of the Migrations page from the live VMIM caches, and the URL filters over them.
 * Pure: the page feeds snapshots in and renders what comes out.
 */
import type { VirtualMachineInstanceMigration } from '../k8s/resources/vmim';
import { vmimIsFinal } from '../k8s/resources/vmim';
import type { VirtualMachineInstance } from '../k8s/resources/virtual-machine-instance';

export interface MigrationRow {
  id: string;
  site: string;
  namespace: string;
  /** The VMIM's name (what a cancel deletes). */
  name: string;
  /** The VMI, which is also the VM's name. */
  vmi: string;
  /** '' while the controller has not picked it up. */
  phase: string;
  final: boolean;
  source?: string;
  target?: string;
  policy?: string;
  /** When the migration began (migrationState.startTimestamp, else the VMIM's creation). */
  started?: string;
  ended?: string;
  failure?: string;
  /** Set once a cancel (DELETE) was accepted and the finalizer still holds the object. */
  aborting: boolean;
  /** The options the migration runs with (`migrationState.migrationConfiguration`). */
  config: MigrationRowConfig;
  /** When memory transfer began (migrationState.startTimestamp), if it has. */
  transferStarted?: string;
}

export interface MigrationRowConfig {
  bandwidthPerMigration?: string;
  completionTimeoutPerGiB?: number;
  progressTimeout?: number;
  allowAutoConverge?: boolean;
  allowPostCopy?: boolean;
}

function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

function configOf(v: unknown): MigrationRowConfig {
  const c = (v && typeof v === 'object' ? v : {}) as Record<string, unknown>;
  return {
    bandwidthPerMigration: str(c.bandwidthPerMigration),
    completionTimeoutPerGiB: num(c.completionTimeoutPerGiB),
    progressTimeout: num(c.progressTimeout),
    allowAutoConverge: typeof c.allowAutoConverge === 'boolean' ? c.allowAutoConverge : undefined,
    allowPostCopy: typeof c.allowPostCopy === 'boolean' ? c.allowPostCopy : undefined,
  };
}

export type PhaseGroup = 'active' | 'succeeded' | 'failed';
export const PHASE_GROUPS: readonly PhaseGroup[] = ['active', 'succeeded', 'failed'];
export const WINDOWS = ['1h', '24h', '7d', 'all'] as const;
export type TimeWindow = (typeof WINDOWS)[number];
const WINDOW_MS: Record<TimeWindow, number> = {
  '1h': 3_600_000,
  '24h': 86_400_000,
  '7d': 604_800_000,
  all: Infinity,
};

export interface MigrationFilters {
  site?: string;
  namespace?: string;
  phase?: PhaseGroup;
  q: string;
  window: TimeWindow;
}

export const DEFAULT_MIGRATION_FILTERS: MigrationFilters = { q: '', window: '24h' };

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v ? v : undefined;
}

function phaseTime(m: VirtualMachineInstanceMigration, phase: string): string | undefined {
  return m.status?.phaseTransitionTimestamps?.find((p) => p.phase === phase)?.phaseTransitionTimestamp;
}

/**
 * The migration's state: virt-controller copies the VMI's `status.migrationState` into the VMIM
 * only once the migration is final, so while it runs the live state (source node, transfer start)
 * is the VMI's, when that VMI's state belongs to this migration (`migrationUid`).
 */
function stateOf(m: VirtualMachineInstanceMigration, vmi?: VirtualMachineInstance): Record<string, unknown> {
  const own = m.status?.migrationState;
  const live = vmi?.status?.migrationState;
  if (live && m.metadata.uid && live.migrationUid === m.metadata.uid && !(own && vmimIsFinal(m))) {
    return { ...own, ...live };
  }
  return own ?? {};
}

/** One row per VMIM; `vmi` is the migrating VMI, whose live migrationState is read while it runs. */
export function migrationRow(
  site: string,
  m: VirtualMachineInstanceMigration,
  vmi?: VirtualMachineInstance,
): MigrationRow {
  const ms = stateOf(m, vmi);
  const phase = m.status?.phase ?? '';
  return {
    id: `${site}/${m.metadata.namespace}/${m.metadata.name}`,
    site,
    namespace: m.metadata.namespace ?? '',
    name: m.metadata.name ?? '',
    vmi: m.spec.vmiName,
    phase,
    final: vmimIsFinal(m),
    source: str(ms.sourceNode),
    target: str(ms.targetNode),
    policy: str(ms.migrationPolicyName),
    started: str(ms.startTimestamp) ?? m.metadata.creationTimestamp,
    ended: str(ms.endTimestamp) ?? phaseTime(m, phase === 'Failed' ? 'Failed' : 'Succeeded'),
    failure: str(ms.failureReason),
    aborting: Boolean(m.metadata.deletionTimestamp) || ms.abortRequested === true,
    config: configOf(ms.migrationConfiguration),
    transferStarted: str(ms.startTimestamp),
  };
}

/** The phase group a row belongs to. */
export function phaseGroup(row: MigrationRow): PhaseGroup {
  if (row.phase === 'Succeeded') return 'succeeded';
  if (row.phase === 'Failed') return 'failed';
  return 'active';
}

/** Milliseconds the migration ran, or runs so far. */
export function elapsedMs(row: MigrationRow, now: number): number | undefined {
  if (!row.started) return undefined;
  const end = row.final && row.ended ? Date.parse(row.ended) : now;
  return Math.max(0, end - Date.parse(row.started));
}

/**
 * Rows that pass the filters, active ones first then newest first. A migration still in flight
 * is always shown whatever the time window; a finished one only if it ended inside the window.
 */
export function filterMigrations(
  rows: readonly MigrationRow[],
  f: MigrationFilters,
  now: number,
): MigrationRow[] {
  const q = f.q.trim().toLowerCase();
  const since = now - WINDOW_MS[f.window];
  return rows
    .filter((r) => {
      if (f.site && r.site !== f.site) return false;
      if (f.namespace && r.namespace !== f.namespace) return false;
      if (f.phase && phaseGroup(r) !== f.phase) return false;
      if (
        q &&
        ![r.vmi, r.name, r.namespace, r.source, r.target, r.policy].some((s) => s?.toLowerCase().includes(q))
      )
        return false;
      if (!r.final) return true;
      const at = Date.parse(r.ended ?? r.started ?? '');
      return Number.isNaN(at) || at >= since;
    })
    .sort((a, b) => Number(a.final) - Number(b.final) || (b.started ?? '').localeCompare(a.started ?? ''));
}

/** Reads filters from URL search params; unknown values fall back to defaults. */
export function parseMigrationFilters(p: URLSearchParams): MigrationFilters {
  const phase = p.get('phase') ?? '';
  const window = p.get('window') ?? '';
  return {
    site: p.get('site') || undefined,
    namespace: p.get('namespace') || undefined,
    phase: (PHASE_GROUPS as readonly string[]).includes(phase) ? (phase as PhaseGroup) : undefined,
    q: p.get('q') ?? '',
    window: (WINDOWS as readonly string[]).includes(window)
      ? (window as TimeWindow)
      : DEFAULT_MIGRATION_FILTERS.window,
  };
}

/** Writes filters to search params, omitting defaults. */
export function serializeMigrationFilters(f: MigrationFilters): URLSearchParams {
  const p = new URLSearchParams();
  if (f.site) p.set('site', f.site);
  if (f.namespace) p.set('namespace', f.namespace);
  if (f.phase) p.set('phase', f.phase);
  if (f.q) p.set('q', f.q);
  if (f.window !== DEFAULT_MIGRATION_FILTERS.window) p.set('window', f.window);
  return p;
}
