import type { KubeObject } from '../store/types';
import { mutate } from './mutate';
import { controllerRef, R } from './refs';
import type { Runtime } from './runtime';
import { computeVmStatus, runStrategyOf } from './vm-status';
import { keyOf, splitKey, WorkQueue } from './work-queue';

const VM_FINALIZER = 'kubevirt.io/virtualMachineControllerFinalize';
const rerun = new Set<string>();

/** virt-controller's VM loop: run strategies, state change requests, DataVolume templates, status. */
export function startVmController(rt: Runtime): () => void {
  const q = new WorkQueue('vm', (key) => reconcileVm(rt, key));
  rt.queues.vm = q;
  for (const vm of rt.store.listShared(R.vm)) q.add(keyOf(vm.metadata.namespace, vm.metadata.name));
  const stop = rt.store.watch(null, Number(rt.store.resourceVersion()), (ev) => {
    const o = ev.object;
    if (ev.key === 'virtualmachines.kubevirt.io' || ev.key === 'virtualmachineinstances.kubevirt.io') q.add(keyOf(o.metadata.namespace, o.metadata.name));
    else if (ev.key === 'datavolumes.cdi.kubevirt.io' || ev.key === 'persistentvolumeclaims') {
      for (const vm of rt.store.listShared(R.vm, o.metadata.namespace)) {
        if (JSON.stringify(vm.spec?.template?.spec?.volumes ?? []).includes(`"${o.metadata.name}"`)) q.add(keyOf(vm.metadata.namespace, vm.metadata.name));
      }
    }
  });
  return () => {
    stop();
    q.stop();
  };
}

/** The VMI a VM would create: the template with the VM as controller owner. */
export function vmiFromVm(vm: KubeObject): KubeObject {
  const tmpl = vm.spec?.template ?? {};
  return {
    apiVersion: 'kubevirt.io/v1',
    kind: 'VirtualMachineInstance',
    metadata: {
      name: vm.metadata.name,
      namespace: vm.metadata.namespace,
      labels: { ...(tmpl.metadata?.labels ?? {}), 'kubevirt.io/vm': vm.metadata.name ?? '' },
      annotations: { ...(tmpl.metadata?.annotations ?? {}), 'kubevirt.io/vm-generation': String(vm.metadata.generation ?? 1), 'kubevirt.io/latest-observed-api-version': 'v1', 'kubevirt.io/storage-observed-api-version': 'v1' },
      ownerReferences: [controllerRef(vm)],
      finalizers: ['kubevirt.io/virtualMachineControllerFinalize'],
    },
    spec: structuredClone(tmpl.spec ?? {}),
  };
}

function ensureDataVolumes(rt: Runtime, vm: KubeObject): void {
  for (const t of (vm.spec?.dataVolumeTemplates ?? []) as KubeObject[]) {
    const name = t.metadata?.name ?? '';
    if (rt.store.get(R.dv, vm.metadata.namespace, name)) continue;
    rt.store.create(R.dv, {
      ...t,
      apiVersion: 'cdi.kubevirt.io/v1beta1',
      kind: 'DataVolume',
      metadata: { ...(t.metadata ?? {}), name, namespace: vm.metadata.namespace, ownerReferences: [controllerRef(vm)] },
    });
    rt.events.record(vm, 'Normal', 'SuccessfulDataVolumeCreate', `Created DataVolume ${name}`);
  }
}

function createVmi(rt: Runtime, vm: KubeObject): void {
  const vmi = rt.store.create(R.vmi, vmiFromVm(vm));
  rt.events.record(vm, 'Normal', 'SuccessfulCreate', `Started the virtual machine by creating the new virtual machine instance ${vmi.metadata.name}`);
}

function deleteVmi(rt: Runtime, vm: KubeObject, vmi: KubeObject): void {
  if (vmi.metadata.deletionTimestamp) return;
  rt.store.delete(R.vmi, vmi.metadata.namespace, vmi.metadata.name ?? '');
  rt.events.record(vm, 'Normal', 'SuccessfulDelete', `Stopped the virtual machine by deleting the virtual machine instance ${vmi.metadata.uid}`);
}

/** Applies the first state change request; returns true while requests remain. */
function applyRequest(rt: Runtime, vm: KubeObject, vmi: KubeObject | undefined): boolean {
  const reqs = (vm.status?.stateChangeRequests ?? []) as { action: string; uid?: string }[];
  const first = reqs[0];
  if (!first) return false;
  let done = false;
  if (first.action === 'Stop') {
    if (vmi && (!first.uid || first.uid === vmi.metadata.uid)) deleteVmi(rt, vm, vmi);
    else done = true;
  } else if (first.action === 'Start') {
    if (!vmi) {
      createVmi(rt, vm);
      done = true;
    } else if (vmi.metadata.deletionTimestamp) done = false;
    else if (isFinal(vmi)) deleteVmi(rt, vm, vmi);
    else done = true;
  } else done = true;
  if (done) {
    mutate(rt.store, R.vm, vm.metadata.namespace, vm.metadata.name ?? '', (o) => {
      o.status = { ...(o.status ?? {}), stateChangeRequests: reqs.slice(1) };
      if (!o.status.stateChangeRequests.length) delete o.status.stateChangeRequests;
    });
  }
  return true;
}

function isFinal(vmi: KubeObject): boolean {
  return vmi.status?.phase === 'Succeeded' || vmi.status?.phase === 'Failed';
}

function applyStrategy(rt: Runtime, vm: KubeObject, vmi: KubeObject | undefined): void {
  const s = runStrategyOf(vm);
  if (vmi?.metadata.deletionTimestamp) return;
  if (s === 'Halted') {
    if (vmi) deleteVmi(rt, vm, vmi);
  } else if (s === 'Always') {
    if (!vmi) createVmi(rt, vm);
    else if (isFinal(vmi)) deleteVmi(rt, vm, vmi);
  } else if (s === 'RerunOnFailure') {
    // Only a failure restarts the VM; a strategy change (status still shows the old one) starts it.
    const uid = vm.metadata.uid ?? '';
    if (!vmi && (vm.status?.runStrategy !== 'RerunOnFailure' || rerun.has(uid))) {
      rerun.delete(uid);
      createVmi(rt, vm);
    } else if (vmi?.status?.phase === 'Failed') {
      rerun.add(uid);
      deleteVmi(rt, vm, vmi);
    }
  } else if (s === 'WaitAsReceiver') {
    // The receiver's VMI waits (WaitingForSync) for the migration from the source site.
    if (!vmi) createVmi(rt, vm);
  } else if (s === 'Once') {
    if (!vmi) createVmi(rt, vm);
    else if (isFinal(vmi)) {
      // Upstream turns a finished Once VM into a Halted one.
      mutate(rt.store, R.vm, vm.metadata.namespace, vm.metadata.name ?? '', (o) => {
        o.spec.runStrategy = 'Halted';
      });
    }
  }
}

function reconcileVm(rt: Runtime, key: string): number | void {
  const [ns, name] = splitKey(key);
  const vm = rt.store.get(R.vm, ns, name);
  if (!vm) return;
  let vmi = rt.store.get(R.vmi, ns, name);
  if (vmi && !vmi.metadata.ownerReferences?.some((o) => o.uid === vm.metadata.uid)) vmi = undefined;
  if (vm.metadata.deletionTimestamp) {
    if (vmi) deleteVmi(rt, vm, vmi);
    else {
      // The store cascades only deletes without finalizers, so owned DataVolumes go here.
      for (const dv of rt.store.listShared(R.dv, ns)) {
        if (dv.metadata.ownerReferences?.some((r) => r.uid === vm.metadata.uid)) rt.store.delete(R.dv, ns, dv.metadata.name ?? '');
      }
      mutate(rt.store, R.vm, ns, name, (o) => void (o.metadata.finalizers = (o.metadata.finalizers ?? []).filter((f) => f !== VM_FINALIZER)));
    }
    return;
  }
  if (!(vm.metadata.finalizers ?? []).includes(VM_FINALIZER)) {
    mutate(rt.store, R.vm, ns, name, (o) => void (o.metadata.finalizers = [...(o.metadata.finalizers ?? []), VM_FINALIZER]));
    return 0;
  }
  ensureDataVolumes(rt, vm);
  if (!applyRequest(rt, vm, vmi)) applyStrategy(rt, vm, vmi);
  const fresh = rt.store.get(R.vm, ns, name);
  const freshVmi = rt.store.get(R.vmi, ns, name);
  if (!fresh) return;
  mutate(rt.store, R.vm, ns, name, (o) => {
    o.status = computeVmStatus(rt.store, fresh, freshVmi && freshVmi.metadata.ownerReferences?.some((r) => r.uid === fresh.metadata.uid) ? freshVmi : undefined);
  });
}
