import type { ObjectStore } from '../store/object-store';
import type { KubeObject } from '../store/types';
import { type Condition, setCondition } from './conditions';
import { printableStatus } from './printable-status';
import { volumeFacts } from './volumes';

const VM_OWN = new Set(['Failure', 'Ready', 'Paused', 'RestartRequired', 'ManualRecoveryRequired']);

/** The run strategy in effect, mapping the legacy `running` field. */
export function runStrategyOf(vm: KubeObject): string {
  if (vm.spec?.runStrategy) return vm.spec.runStrategy;
  return vm.spec?.running ? 'Always' : 'Halted';
}

/** Whether the VM is expected to have a running VMI now. */
export function shouldRun(vm: KubeObject, vmi: KubeObject | undefined): boolean {
  const s = runStrategyOf(vm);
  const reqs = (vm.status?.stateChangeRequests ?? []) as { action: string }[];
  if (reqs[0]?.action === 'Stop') return false;
  if (reqs[0]?.action === 'Start') return true;
  if (s === 'Always' || s === 'RerunOnFailure' || s === 'Once' || s === 'WaitAsReceiver') return true;
  if (s === 'Manual') return !!vmi && !vmi.metadata.deletionTimestamp;
  return false;
}

/** virt-controller's RestartRequired message for a template change a running VMI cannot take. */
const RESTART_REQUIRED_MESSAGE = 'a non-live-updatable field was changed in the template spec';

/** The template's networks or interfaces differ from those the running VMI was started with. */
function networkChanged(vm: KubeObject, vmi: KubeObject): boolean {
  const t = vm.spec?.template?.spec ?? {};
  const same = (a: unknown, b: unknown) => JSON.stringify(a ?? []) === JSON.stringify(b ?? []);
  return !same(t.networks, vmi.spec?.networks) || !same(t.domain?.devices?.interfaces, vmi.spec?.domain?.devices?.interfaces);
}

/** The VM's status computed from its VMI and volumes (pure apart from store reads). */
export function computeVmStatus(store: ObjectStore, vm: KubeObject, vmi: KubeObject | undefined): Record<string, unknown> {
  const ns = vm.metadata.namespace ?? '';
  const vf = volumeFacts(store, ns, vm.spec?.template?.spec?.volumes);
  const status = { ...(vm.status ?? {}) };
  const active = !!vmi && vmi.status?.phase !== 'Succeeded' && vmi.status?.phase !== 'Failed';
  status.printableStatus = printableStatus({
    vm,
    vmi,
    shouldRun: shouldRun(vm, vmi),
    pvcMissing: vf.pvcMissing,
    dataVolumeError: vf.dataVolumeError,
    provisioning: vf.provisioning,
    pvcUnbound: vf.pvcUnbound,
  });
  status.runStrategy = runStrategyOf(vm);
  status.created = active;
  status.ready = active && vmi?.status?.phase === 'Running' && (vmi.status?.conditions ?? []).some((c: Condition) => c.type === 'Ready' && c.status === 'True');
  if (!status.created) delete status.created;
  let conds = ((status.conditions ?? []) as Condition[]).filter((c) => VM_OWN.has(c.type));
  for (const c of (vmi?.status?.conditions ?? []) as Condition[]) if (!VM_OWN.has(c.type) || c.type === 'Paused') conds = setCondition(conds, c);
  if (!vmi || !(vmi.status?.conditions ?? []).some((c: Condition) => c.type === 'Paused')) conds = conds.filter((c) => c.type !== 'Paused');
  if (!active) {
    conds = conds.filter((c) => VM_OWN.has(c.type));
    conds = setCondition(conds, { type: 'Ready', status: 'False', reason: vmi ? 'VMIConditionMissing' : 'VMINotExists', message: vmi ? 'VMI is not active' : 'VMI does not exist' });
  } else {
    const r = ((vmi.status?.conditions ?? []) as Condition[]).find((c) => c.type === 'Ready');
    conds = setCondition(conds, r ? { ...r, type: 'Ready' } : { type: 'Ready', status: 'False', reason: 'GuestNotRunning', message: 'Guest VM is not reported as running' });
  }
  if (active && networkChanged(vm, vmi)) conds = setCondition(conds, { type: 'RestartRequired', status: 'True', message: RESTART_REQUIRED_MESSAGE });
  else conds = conds.filter((c) => c.type !== 'RestartRequired');
  status.conditions = conds;
  status.desiredGeneration = vm.metadata.generation;
  status.observedGeneration = vm.metadata.generation;
  return status;
}
