/**
 * One site's summary from its objects: what the NOC wall and the fleet overview show. Pure, so
 * the backend's fleet cache and the tests compute it the same way.
 */
import type { FleetAlert, SiteSummary, TileState } from '../api/fleet';
import type { SiteHealth } from '../api/sites';
import { objectKey } from '../k8s/types';
import { dvProgress, type DataVolume } from '../k8s/resources/datavolume';
import { nodeIsReady, type KubeNode } from '../k8s/resources/node';
import { vmPrintableStatus, type VirtualMachine } from '../k8s/resources/virtual-machine';
import { vmimIsFinal, type VirtualMachineInstanceMigration } from '../k8s/resources/vmim';

/** Printable statuses that mean the VM cannot run until someone acts. */
const FAILED_STATUSES = new Set([
  'ErrorPvcNotFound',
  'DataVolumeError',
  'ErrorUnschedulable',
  'ErrImagePull',
  'ImagePullBackOff',
]);
const IMPORT_DONE = new Set(['Succeeded', 'Failed', '']);
/** An import whose progress has not moved for this long is stuck. */
export const IMPORT_STUCK_MS = 10 * 60_000;
/** A site unreachable for this long is an alert of its own. */
export const UNREACHABLE_ALERT_MS = 5 * 60_000;

export interface SiteObjects {
  vms: Iterable<VirtualMachine>;
  nodes: Iterable<KubeNode>;
  migrations: Iterable<VirtualMachineInstanceMigration>;
  dataVolumes: Iterable<DataVolume>;
}

export interface SiteFacts {
  site: string;
  reach: SiteHealth;
  live: boolean;
  asOf: number | null;
  /** ms epoch since which the site's probes have failed, if they do. */
  unreachableSince?: number;
  /** ms epoch of a DataVolume's last progress change (by object key). */
  progressSince(key: string): number | undefined;
  now: number;
}

function importAlerts(
  dvs: Iterable<DataVolume>,
  facts: SiteFacts,
): { active: number; progress?: number; alerts: FleetAlert[] } {
  let active = 0;
  let sum = 0;
  let reporting = 0;
  const alerts: FleetAlert[] = [];
  for (const dv of dvs) {
    const phase = dv.status?.phase ?? '';
    if (IMPORT_DONE.has(phase)) continue;
    active++;
    const progress = dvProgress(dv);
    if (progress !== undefined) {
      sum += progress;
      reporting++;
    }
    const since = facts.progressSince(objectKey(dv));
    if (since !== undefined && facts.now - since > IMPORT_STUCK_MS && (dvProgress(dv) ?? 0) < 1) {
      alerts.push({
        kind: 'import-stuck',
        namespace: dv.metadata.namespace,
        name: dv.metadata.name,
        reason: phase,
      });
    }
  }
  return { active, progress: reporting ? sum / reporting : undefined, alerts };
}

function tileState(s: Omit<SiteSummary, 'state'>): TileState {
  if (s.reach === 'unreachable') return 'unreachable';
  if (!s.live) return 'stale';
  if (s.nodes.total > 0 && s.nodes.ready === 0) return 'down';
  if (s.alerts.length > 0 || s.reach === 'degraded') return 'degraded';
  return 'healthy';
}

export function summarizeSite(objects: SiteObjects, facts: SiteFacts): SiteSummary {
  const byStatus: Record<string, number> = {};
  const alerts: FleetAlert[] = [];
  let total = 0;
  for (const vm of objects.vms) {
    total++;
    const status = vmPrintableStatus(vm);
    byStatus[status] = (byStatus[status] ?? 0) + 1;
    const ref = { namespace: vm.metadata.namespace, name: vm.metadata.name, reason: status };
    if (status === 'CrashLoopBackOff') alerts.push({ kind: 'vm-crashloop', ...ref });
    else if (FAILED_STATUSES.has(status)) alerts.push({ kind: 'vm-failed', ...ref });
  }
  let nodes = 0;
  let ready = 0;
  for (const n of objects.nodes) {
    nodes++;
    if (nodeIsReady(n)) ready++;
    else alerts.push({ kind: 'node-not-ready', name: n.metadata.name });
  }
  let active = 0;
  for (const m of objects.migrations) if (!vmimIsFinal(m)) active++;
  const imports = importAlerts(objects.dataVolumes, facts);
  alerts.push(...imports.alerts);
  if (facts.unreachableSince !== undefined && facts.now - facts.unreachableSince > UNREACHABLE_ALERT_MS) {
    alerts.unshift({ kind: 'site-unreachable' });
  }
  const partial: Omit<SiteSummary, 'state'> = {
    site: facts.site,
    reach: facts.reach,
    asOf: facts.asOf === null ? null : new Date(facts.asOf).toISOString(),
    live: facts.live,
    vms: { total, byStatus },
    nodes: { total: nodes, ready },
    migrations: { active },
    imports: imports.progress === undefined ? { active: imports.active } : { active: imports.active, progress: imports.progress },
    alerts,
  };
  return { ...partial, state: tileState(partial) };
}

/** What a tile shows, without clocks: a change here is a change a person would notice. */
export function headline(s: SiteSummary): string {
  return JSON.stringify([s.state, s.vms, s.nodes, s.migrations, s.imports.active, s.alerts]);
}
