/**
 * VM actions as data (DESIGN convention 5): a pure function maps a VM, its VMI and the user's
 * rights to the actions the UI offers, each with `disabled` and the reason why. The rules follow
 * KubeVirt's own subresource handlers (API-FACTS §2): the UI only offers what virt-api accepts.
 * Single and bulk actions both ask `vmAction` and send `actionRequest` (./action-requests).
 */
import { runStrategyOf, type RunStrategy } from '../k8s/resources/virtual-machine';

export type VmActionId =
  | 'start'
  | 'stop'
  | 'forceStop'
  | 'restart'
  | 'pause'
  | 'unpause'
  | 'migrate'
  | 'delete'
  | 'console';

/** The rights an action needs; each is one SelfSubjectAccessReview. */
export type VmPermissionKey = 'start' | 'stop' | 'restart' | 'migrate' | 'pause' | 'unpause' | 'delete' | 'update' | 'vnc';

/** `true` allowed, `false` denied, `undefined` not known yet (the review is in flight). */
export type VmPermissions = Partial<Record<VmPermissionKey, boolean>>;

export interface VmCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}

/** The parts of a VirtualMachine the rules read; any fuller VM type fits. */
export interface ActionVm {
  metadata: { name?: string; namespace?: string; deletionTimestamp?: string };
  spec?: { runStrategy?: RunStrategy; running?: boolean };
  status?: { printableStatus?: string; conditions?: VmCondition[] };
}

/** The parts of a VirtualMachineInstance the rules read. */
export interface ActionVmi {
  metadata: { deletionTimestamp?: string };
  spec?: { livenessProbe?: unknown; [field: string]: unknown };
  status?: { phase?: string; conditions?: VmCondition[]; migrationState?: { completed?: boolean; failed?: boolean; startTimestamp?: unknown } };
}

interface ActionBase {
  id: VmActionId;
  /** i18n key in the `vm-details` namespace. */
  labelKey: string;
  /** Asks for confirmation before running. */
  destructive: boolean;
}

/** An action as offered: enabled, or disabled with the reason why (i18n key in `vm-details`). */
export type VmAction =
  | (ActionBase & { disabled: false })
  | (ActionBase & { disabled: true; reasonKey: string; reasonParams?: Record<string, string> });

export const ACTION_ORDER: readonly VmActionId[] = ['start', 'stop', 'restart', 'pause', 'unpause', 'migrate', 'console', 'forceStop', 'delete'];

/** The right each action needs. */
export const PERMISSION_OF: Readonly<Record<VmActionId, VmPermissionKey>> = {
  start: 'start',
  stop: 'stop',
  forceStop: 'stop',
  restart: 'restart',
  pause: 'pause',
  unpause: 'unpause',
  migrate: 'migrate',
  delete: 'delete',
  console: 'vnc',
};

/** Actions that lose guest state or the VM itself; the UI asks before sending them. */
export const DESTRUCTIVE: ReadonlySet<VmActionId> = new Set(['stop', 'forceStop', 'restart', 'delete']);

const FINAL_PHASES = new Set(['Succeeded', 'Failed']);

function conditionTrue(conds: VmCondition[] | undefined, type: string): VmCondition | undefined {
  return conds?.find((c) => c.type === type && c.status === 'True');
}

/** A VMI that exists and has not finished (virt-api's `hasVMI && !vmi.IsFinal()`). */
export function vmiActive(vmi: ActionVmi | undefined): boolean {
  return !!vmi && !FINAL_PHASES.has(vmi.status?.phase ?? '');
}

/** A VMI whose guest is up (phase Running), the precondition of restart, pause, migrate, VNC. */
function vmiRunning(vmi: ActionVmi | undefined): vmi is ActionVmi {
  return vmi?.status?.phase === 'Running';
}

export function vmiPaused(vmi: ActionVmi | undefined): boolean {
  return !!conditionTrue(vmi?.status?.conditions, 'Paused');
}

function migrationInFlight(vm: ActionVm, vmi: ActionVmi | undefined): boolean {
  const ms = vmi?.status?.migrationState;
  if (ms?.startTimestamp && !ms.completed && !ms.failed) return true;
  return vm.status?.printableStatus === 'Migrating';
}

type Verdict = { reasonKey: string; reasonParams?: Record<string, string> } | null;

const block = (reasonKey: string, reasonParams?: Record<string, string>): Verdict => ({ reasonKey, reasonParams });

function startVerdict(vm: ActionVm, vmi: ActionVmi | undefined, rs: RunStrategy): Verdict {
  if (rs === 'Always' || rs === 'Once') return block('reason.startAutomatic', { runStrategy: rs });
  if (rs === 'WaitAsReceiver') return block('reason.receiver');
  if (vmiActive(vmi)) return block('reason.alreadyRunning');
  if (rs === 'RerunOnFailure' && vmi?.status?.phase === 'Failed') return block('reason.rerunFailed');
  return null;
}

function stopVerdict(vmi: ActionVmi | undefined, rs: RunStrategy, force: boolean): Verdict {
  // Always/Once: virt-api patches runStrategy to Halted, which is valid even with no VMI
  // (e.g. CrashLoopBackOff or ErrorUnschedulable: stopping ends the retries).
  if (rs === 'Always' || rs === 'Once') return null;
  if (!vmiActive(vmi)) return block('reason.notRunning');
  // Halted with a VMI still around = already stopping; only a shorter grace period helps.
  if (rs === 'Halted' && !force) return block('reason.alreadyStopping');
  return null;
}

function restartVerdict(vmi: ActionVmi | undefined, rs: RunStrategy): Verdict {
  if (rs === 'Halted' || rs === 'Once') return block('reason.restartStrategy', { runStrategy: rs });
  if (!vmiRunning(vmi)) return block('reason.notRunning');
  return null;
}

function pauseVerdict(vmi: ActionVmi | undefined): Verdict {
  if (!vmiRunning(vmi)) return block('reason.notRunning');
  if (vmiPaused(vmi)) return block('reason.alreadyPaused');
  const probe = vmi.spec?.livenessProbe as { guestAgentPing?: unknown } | undefined;
  if (probe && !probe.guestAgentPing) return block('reason.livenessProbe');
  return null;
}

function migrateVerdict(vm: ActionVm, vmi: ActionVmi | undefined): Verdict {
  if (!vmiRunning(vmi)) return block('reason.notRunning');
  if (migrationInFlight(vm, vmi)) return block('reason.migrating');
  const lm = vmi.status?.conditions?.find((c) => c.type === 'LiveMigratable');
  if (!lm) return block('reason.migratableUnknown');
  if (lm.status !== 'True') return block('reason.notMigratable', { reason: lm.reason ?? '', message: lm.message ?? '' });
  return null;
}

function stateVerdict(id: VmActionId, vm: ActionVm, vmi: ActionVmi | undefined): Verdict {
  const rs = runStrategyOf(vm);
  if (vm.metadata.deletionTimestamp) return id === 'forceStop' && vmiActive(vmi) ? null : block('reason.terminating');
  switch (id) {
    case 'start':
      return startVerdict(vm, vmi, rs);
    case 'stop':
      return stopVerdict(vmi, rs, false);
    case 'forceStop':
      return stopVerdict(vmi, rs, true);
    case 'restart':
      return restartVerdict(vmi, rs);
    case 'pause':
      return pauseVerdict(vmi);
    case 'unpause':
      return vmiPaused(vmi) ? null : block('reason.notPaused');
    case 'migrate':
      return migrateVerdict(vm, vmi);
    case 'console':
      return vmiRunning(vmi) ? null : block('reason.notRunning');
    case 'delete':
      return null;
  }
}

/**
 * Every action for a VM, in display order. The state rules are checked first, so a stopped VM
 * explains "not running" rather than a missing right; a missing right is reported for
 * actions that would otherwise be available.
 */
export function vmActions(vm: ActionVm, vmi: ActionVmi | undefined, permissions: VmPermissions): VmAction[] {
  return ACTION_ORDER.map((id) => vmAction(id, vm, vmi, permissions));
}

/** One action for a VM: whether it can be sent now, and if not, why. */
export function vmAction(id: VmActionId, vm: ActionVm, vmi: ActionVmi | undefined, permissions: VmPermissions): VmAction {
  const base = { id, labelKey: `action.${id}`, destructive: DESTRUCTIVE.has(id) };
  const state = stateVerdict(id, vm, vmi);
  if (state) return { ...base, disabled: true, ...state };
  const allowed = permissions[PERMISSION_OF[id]];
  if (allowed === undefined) return { ...base, disabled: true, reasonKey: 'reason.checkingPermission' };
  if (!allowed) return { ...base, disabled: true, reasonKey: 'reason.forbidden', reasonParams: { action: id, namespace: vm.metadata.namespace ?? '' } };
  return { ...base, disabled: false };
}
