import type { SubresourceCall, SubresourceResult } from '../apiserver/extensions';
import { notFound, StatusError } from '../store/status-error';
import type { KubeObject } from '../store/types';
import { mutate } from '../controllers/mutate';
import { R } from '../controllers/refs';
import type { Runtime } from '../controllers/runtime';
import { isDryRun, subBadRequest, subConflict } from './subresource-errors';
import { runStrategyOf } from '../controllers/vm-status';
import { keyOf } from '../controllers/work-queue';

const ACCEPTED: SubresourceResult = { status: 202 };

function activeVmi(rt: Runtime, vm: KubeObject): KubeObject | undefined {
  const vmi = rt.store.get(R.vmi, vm.metadata.namespace, vm.metadata.name ?? '');
  if (!vmi || !vmi.metadata.ownerReferences?.some((o) => o.uid === vm.metadata.uid)) return undefined;
  return vmi;
}

function isActive(vmi: KubeObject | undefined): vmi is KubeObject {
  return !!vmi && vmi.status?.phase !== 'Succeeded' && vmi.status?.phase !== 'Failed' && !vmi.metadata.deletionTimestamp;
}

function addRequests(rt: Runtime, vm: KubeObject, reqs: { action: string; uid?: string }[]): void {
  mutate(rt.store, R.vm, vm.metadata.namespace, vm.metadata.name ?? '', (o) => {
    o.status = { ...(o.status ?? {}), stateChangeRequests: [...(o.status?.stateChangeRequests ?? []), ...reqs] };
  });
}

function setRunning(rt: Runtime, vm: KubeObject, run: boolean): void {
  mutate(rt.store, R.vm, vm.metadata.namespace, vm.metadata.name ?? '', (o) => {
    if (o.spec.running !== undefined) o.spec.running = run;
    else o.spec.runStrategy = run ? 'Always' : 'Halted';
  });
}

function start(rt: Runtime, vm: KubeObject, body: unknown): SubresourceResult {
  const name = vm.metadata.name ?? '';
  const s = runStrategyOf(vm);
  const vmi = activeVmi(rt, vm);
  if (isActive(vmi)) throw subConflict('virtualmachine', name, 'VM is already running');
  if (s === 'Always' || s === 'Once') throw subConflict('virtualmachine', name, `${s} does not support manual start requests`);
  if (s === 'RerunOnFailure' && (vmi as KubeObject | undefined)?.status?.phase === 'Failed') throw subConflict('virtualmachine', name, 'RerunOnFailure does not support starting a failed VM');
  if (isDryRun(body)) return ACCEPTED;
  if (s === 'Halted') setRunning(rt, vm, true);
  else addRequests(rt, vm, [{ action: 'Start' }]);
  return ACCEPTED;
}

function stop(rt: Runtime, vm: KubeObject, body: unknown): SubresourceResult {
  const name = vm.metadata.name ?? '';
  const s = runStrategyOf(vm);
  const vmi = activeVmi(rt, vm);
  const grace = (body as { gracePeriod?: number } | undefined)?.gracePeriod;
  const force = grace !== undefined && vmi && grace < Number(vmi.spec?.terminationGracePeriodSeconds ?? 30);
  if (!isActive(vmi) && !(s === 'Always' || s === 'Once' || s === 'RerunOnFailure')) throw subConflict('virtualmachine', name, 'VM is not running');
  if (s === 'Halted' && !force) throw subConflict('virtualmachine', name, 'VM is not running');
  if (isDryRun(body)) return ACCEPTED;
  if (grace !== undefined && vmi) {
    mutate(rt.store, R.vmi, vmi.metadata.namespace, vmi.metadata.name ?? '', (o) => void (o.spec.terminationGracePeriodSeconds = grace));
  }
  if (s === 'Always' || s === 'Once' || s === 'Halted') setRunning(rt, vm, false);
  else addRequests(rt, vm, [{ action: 'Stop', ...(vmi?.metadata.uid ? { uid: vmi.metadata.uid } : {}) }]);
  return ACCEPTED;
}

function restart(rt: Runtime, vm: KubeObject, body: unknown): SubresourceResult {
  const name = vm.metadata.name ?? '';
  const s = runStrategyOf(vm);
  const grace = (body as { gracePeriodSeconds?: number } | undefined)?.gracePeriodSeconds;
  if (grace !== undefined && grace !== 0) throw subBadRequest('For force restart, only gracePeriod=0 is supported for now');
  if (s === 'Halted' || s === 'Once') throw subConflict('virtualmachine', name, `${s} does not support manual restart requests`);
  const vmi = activeVmi(rt, vm);
  if (!isActive(vmi)) throw subConflict('virtualmachine', name, 'VM is not running');
  if (isDryRun(body)) return ACCEPTED;
  if (grace === 0) mutate(rt.store, R.vmi, vmi.metadata.namespace, vmi.metadata.name ?? '', (o) => void (o.spec.terminationGracePeriodSeconds = 1));
  addRequests(rt, vm, [{ action: 'Stop', uid: vmi.metadata.uid ?? '' }, { action: 'Start' }]);
  return ACCEPTED;
}

function migrate(rt: Runtime, vm: KubeObject, body: unknown, admit: (obj: KubeObject) => KubeObject): SubresourceResult {
  const name = vm.metadata.name ?? '';
  const vmi = activeVmi(rt, vm);
  if (!isActive(vmi) || vmi.status?.phase !== 'Running') throw subConflict('virtualmachine', name, 'VM is not running');
  const added = (body as { addedNodeSelector?: Record<string, string> } | undefined)?.addedNodeSelector;
  const vmim: KubeObject = {
    apiVersion: 'kubevirt.io/v1',
    kind: 'VirtualMachineInstanceMigration',
    metadata: { generateName: 'kubevirt-migrate-vm-', namespace: vm.metadata.namespace },
    spec: { vmiName: name, ...(added ? { addedNodeSelector: added } : {}) },
  };
  const admitted = admit(vmim);
  if (!isDryRun(body)) rt.store.create(R.vmim, admitted);
  return ACCEPTED;
}

/** VM subresources: start, stop, restart, migrate (202 Accepted on success). */
export function vmSubresource(rt: Runtime, call: SubresourceCall, admitVmim: (obj: KubeObject) => KubeObject): SubresourceResult {
  if (call.method !== 'PUT') throw new StatusError(405, 'MethodNotAllowed', `the server does not allow this method on the requested resource`);
  const vm = rt.store.get(R.vm, call.namespace, call.name);
  if (!vm) throw notFound('kubevirt.io', 'virtualmachine', call.name);
  let res: SubresourceResult;
  switch (call.subresource) {
    case 'start': res = start(rt, vm, call.body); break;
    case 'stop': res = stop(rt, vm, call.body); break;
    case 'restart': res = restart(rt, vm, call.body); break;
    case 'migrate': res = migrate(rt, vm, call.body, admitVmim); break;
    default: throw new StatusError(404, 'NotFound', `the server could not find the requested resource`);
  }
  rt.queues.vm?.add(keyOf(call.namespace, call.name));
  return res;
}
