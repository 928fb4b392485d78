import { describe, expect, it } from 'vitest';
import { runStrategyOf, type RunStrategy } from '../k8s/resources/virtual-machine';
import en from '../i18n/messages/en/vm-details.json';
import zh from '../i18n/messages/zh/vm-details.json';
import { ACTION_ORDER, vmActions, type ActionVm, type ActionVmi, type VmAction, type VmActionId, type VmPermissions } from './actions';
import { actionRequest, permissionAttributes, PERMISSION_KEYS } from './action-requests';

/** The reason a (disabled) action gives, or undefined when it is enabled. */
const reasonOf = (a: VmAction | undefined) => (a?.disabled ? a.reasonKey : undefined);

const ALL: VmPermissions = { start: true, stop: true, restart: true, migrate: true, pause: true, unpause: true, delete: true, update: true, vnc: true };
const STRATEGIES = ['Always', 'Halted', 'Manual', 'RerunOnFailure', 'Once'] as const satisfies readonly RunStrategy[];

function vm(runStrategy: RunStrategy, printableStatus: string, extra: Partial<ActionVm['metadata']> = {}): ActionVm {
  return { metadata: { name: 'web', namespace: 'prod', ...extra }, spec: { runStrategy }, status: { printableStatus } };
}

function vmi(phase: string, opts: { paused?: boolean; migratable?: boolean | 'unknown'; migrating?: boolean } = {}): ActionVmi {
  const conditions = [{ type: 'Ready', status: phase === 'Running' ? 'True' : 'False' }];
  if (opts.paused) conditions.push({ type: 'Paused', status: 'True' });
  if (opts.migratable !== 'unknown') {
    conditions.push(
      opts.migratable === false
        ? { type: 'LiveMigratable', status: 'False', reason: 'DisksNotLiveMigratable', message: 'PVC disk is not shared' } as never
        : { type: 'LiveMigratable', status: 'True' },
    );
  }
  return {
    metadata: {},
    status: { phase, conditions, migrationState: opts.migrating ? { startTimestamp: '2026-01-01T00:00:00Z' } : undefined },
  };
}

function enabled(v: ActionVm, i: ActionVmi | undefined, perms: VmPermissions = ALL): VmActionId[] {
  return vmActions(v, i, perms)
    .filter((a) => !a.disabled)
    .map((a) => a.id)
    .sort();
}

/** A realistic VMI for each printableStatus (VMI absent where KubeVirt has none). */
const STATUS_VMI: Record<string, ActionVmi | undefined> = {
  Stopped: undefined,
  Provisioning: undefined,
  WaitingForVolumeBinding: undefined,
  ErrorPvcNotFound: undefined,
  DataVolumeError: undefined,
  CrashLoopBackOff: undefined,
  Starting: vmi('Scheduling'),
  ErrorUnschedulable: vmi('Pending'),
  ErrImagePull: vmi('Scheduled'),
  ImagePullBackOff: vmi('Scheduled'),
  Running: vmi('Running'),
  Paused: vmi('Running', { paused: true }),
  Migrating: vmi('Running', { migrating: true }),
  Stopping: vmi('Running'),
  Terminating: vmi('Running'),
  Unknown: vmi('Unknown'),
  WaitingForReceiver: undefined,
};

describe('vmActions: every printableStatus × runStrategy', () => {
  for (const [status, theVmi] of Object.entries(STATUS_VMI)) {
    for (const rs of STRATEGIES) {
      it(`${status} / ${rs}`, () => {
        const meta = status === 'Terminating' ? { deletionTimestamp: '2026-01-01T00:00:00Z' } : {};
        const actions = vmActions(vm(rs, status, meta), theVmi, ALL);
        expect(actions.map((a) => a.id)).toHaveLength(9);
        for (const a of actions) if (a.disabled) expect(a.reasonKey).toMatch(/^reason\./);
        const on = new Set(actions.filter((a) => !a.disabled).map((a) => a.id));
        const active = !!theVmi && theVmi.status?.phase !== 'Failed';
        const running = active && theVmi?.status?.phase === 'Running';
        if (status === 'Terminating') {
          expect([...on].sort()).toEqual(['forceStop']);
          return;
        }
        expect(on.has('start')).toBe(!active && (rs === 'Halted' || rs === 'Manual' || rs === 'RerunOnFailure'));
        expect(on.has('delete')).toBe(true);
        const stopOk = rs === 'Always' || rs === 'Once' || ((rs === 'Manual' || rs === 'RerunOnFailure') && active);
        expect(on.has('stop')).toBe(stopOk);
        expect(on.has('forceStop')).toBe(stopOk || (rs === 'Halted' && active));
        expect(on.has('restart')).toBe(running && rs !== 'Halted' && rs !== 'Once');
        expect(on.has('pause')).toBe(running && status !== 'Paused');
        expect(on.has('unpause')).toBe(status === 'Paused');
        expect(on.has('migrate')).toBe(running && status !== 'Migrating');
        expect(on.has('console')).toBe(running);
      });
    }
  }
});

describe('vmActions: specific rules', () => {
  it('explains why start is disabled for Always', () => {
    const start = vmActions(vm('Always', 'Stopped'), undefined, ALL).find((a) => a.id === 'start');
    expect(start).toMatchObject({ disabled: true, reasonKey: 'reason.startAutomatic', reasonParams: { runStrategy: 'Always' } });
  });

  it('refuses start for RerunOnFailure with a Failed VMI', () => {
    const start = vmActions(vm('RerunOnFailure', 'Stopped'), vmi('Failed'), ALL).find((a) => a.id === 'start');
    expect(start).toMatchObject({ disabled: true, reasonKey: 'reason.rerunFailed' });
  });

  it('blocks migrate when LiveMigratable is False, with its reason', () => {
    const m = vmActions(vm('Always', 'Running'), vmi('Running', { migratable: false }), ALL).find((a) => a.id === 'migrate');
    expect(m).toMatchObject({ disabled: true, reasonKey: 'reason.notMigratable', reasonParams: { reason: 'DisksNotLiveMigratable' } });
  });

  it('blocks migrate when LiveMigratable is not reported', () => {
    const m = vmActions(vm('Always', 'Running'), vmi('Running', { migratable: 'unknown' }), ALL).find((a) => a.id === 'migrate');
    expect(reasonOf(m)).toBe('reason.migratableUnknown');
  });

  it('blocks pause with a non-guest-agent liveness probe (virt-api answers 403)', () => {
    const i = { ...vmi('Running'), spec: { livenessProbe: { httpGet: { port: 80 } } } };
    expect(reasonOf(vmActions(vm('Always', 'Running'), i, ALL).find((a) => a.id === 'pause'))).toBe('reason.livenessProbe');
    const ok = { ...vmi('Running'), spec: { livenessProbe: { guestAgentPing: {} } } };
    expect(vmActions(vm('Always', 'Running'), ok, ALL).find((a) => a.id === 'pause')?.disabled).toBe(false);
  });

  it('reports a missing right only for actions the state allows', () => {
    const viewer: VmPermissions = { start: false, stop: false, restart: false, migrate: false, pause: false, unpause: false, delete: false, update: false, vnc: true };
    const actions = vmActions(vm('Always', 'Running'), vmi('Running'), viewer);
    expect(actions.find((a) => a.id === 'stop')).toMatchObject({ disabled: true, reasonKey: 'reason.forbidden', reasonParams: { action: 'stop', namespace: 'prod' } });
    expect(reasonOf(actions.find((a) => a.id === 'start'))).toBe('reason.startAutomatic');
    expect(actions.find((a) => a.id === 'console')?.disabled).toBe(false);
  });

  it('waits for the access review before enabling', () => {
    const actions = vmActions(vm('Halted', 'Stopped'), undefined, {});
    expect(actions.find((a) => a.id === 'start')).toMatchObject({ disabled: true, reasonKey: 'reason.checkingPermission' });
  });

  it('maps the deprecated running field', () => {
    expect(runStrategyOf({ spec: { running: true } })).toBe('Always');
    expect(runStrategyOf({ spec: { running: false } })).toBe('Halted');
    expect(enabled({ metadata: {}, spec: { running: false }, status: { printableStatus: 'Stopped' } }, undefined)).toEqual(['delete', 'start']);
  });

  it('marks destructive actions', () => {
    const d = vmActions(vm('Always', 'Running'), vmi('Running'), ALL).filter((a) => a.destructive).map((a) => a.id).sort();
    expect(d).toEqual(['delete', 'forceStop', 'restart', 'stop']);
  });
});

describe('action requests', () => {
  it('builds subresource paths with encoded names', () => {
    expect(actionRequest('start', 'prod', 'web')).toEqual({ method: 'PUT', path: '/apis/subresources.kubevirt.io/v1/namespaces/prod/virtualmachines/web/start', body: {} });
    expect(actionRequest('forceStop', 'prod', 'web').body).toEqual({ gracePeriod: 0 });
    expect(actionRequest('pause', 'prod', 'a/b').path).toBe('/apis/subresources.kubevirt.io/v1/namespaces/prod/virtualmachineinstances/a%2Fb/pause');
    expect(actionRequest('delete', 'prod', 'web')).toMatchObject({ method: 'DELETE', path: '/apis/kubevirt.io/v1/namespaces/prod/virtualmachines/web' });
  });

  it('asks the right access reviews', () => {
    expect(PERMISSION_KEYS).toHaveLength(9);
    expect(permissionAttributes('migrate', 'prod', 'web')).toEqual({ namespace: 'prod', name: 'web', verb: 'update', group: 'subresources.kubevirt.io', resource: 'virtualmachines', subresource: 'migrate' });
    expect(permissionAttributes('pause', 'prod', 'web').resource).toBe('virtualmachineinstances');
    expect(permissionAttributes('delete', 'prod', 'web')).toEqual({ namespace: 'prod', name: 'web', verb: 'delete', group: 'kubevirt.io', resource: 'virtualmachines' });
  });
});

describe('action labels', () => {
  it.each(ACTION_ORDER)('%s has a label and a verb in English and Chinese (its button shows the label even when disabled)', (id) => {
    const [action] = vmActions(vm('Halted', 'Stopped'), undefined, ALL).filter((a) => a.id === id);
    expect(action?.labelKey).toBe(`action.${id}`);
    for (const catalog of [en, zh]) {
      expect(typeof (catalog.action as Record<string, unknown>)[id]).toBe('string');
      expect(typeof (catalog.verb as Record<string, unknown>)[id]).toBe('string');
    }
  });
});
