/**
 * Runs a cross-site live migration as upstream documents it, through the sites' APIs as the
 * signed-in user: the receiver VM and the receive VMIM on the target, then (once the receiver
 * publishes its synchronization address) the sendTo VMIM on the source; waits for both ends.
 * On failure the source keeps running and the receiver VM is deleted; the reason is returned.
 */
import { backoffDelay } from '../backoff';
import { apiPath } from '../k8s/api-path';
import { createObject, getObject, k8sFetch } from '../k8s/client';
import { isTransient } from '../k8s/kube-api-error';
import { VM_GVR, type VirtualMachine } from '../k8s/resources/virtual-machine';
import { VMIM_GVR, type VirtualMachineInstanceMigration } from '../k8s/resources/vmim';
import { crossSitePlan } from './cross-site-plan';

export type CrossSiteStep = 'receiver' | 'waitSync' | 'send' | 'migrating' | 'cleanup' | 'done' | 'failed';

export interface CrossSiteRef {
  site: string;
  namespace: string;
  name: string;
}

export interface CrossSiteRunInput {
  sourceSite: string;
  targetSite: string;
  targetNamespace: string;
  vm: VirtualMachine;
  migrationId: string;
  onStep: (step: CrossSiteStep, refs: { receive?: CrossSiteRef; send?: CrossSiteRef }) => void;
  /** A site stopped answering (the run retries), or answers again (`undefined`). */
  onContact?: (lost: { site: string; message: string } | undefined) => void;
  /** Poll interval, ms. */
  intervalMs?: number;
  /** How long to wait for the receiver's synchronization address, ms. */
  syncTimeoutMs?: number;
  /** How long a site may stay unreachable before the run gives up on it, ms. */
  contactTimeoutMs?: number;
  /** Cancels the run: the source's VMIM is deleted (upstream's abort), then the receiver. */
  signal?: AbortSignal;
}

export interface CrossSiteOutcome {
  ok: boolean;
  reason?: string;
  /** The user cancelled it (the source keeps running, the receiver is gone). */
  cancelled?: boolean;
}

/** Waits `ms`, or less when `signal` aborts. */
const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((r) => {
    const wake = () => (clearTimeout(t), r());
    const t = setTimeout(() => (signal?.removeEventListener('abort', wake), r()), ms);
    signal?.addEventListener('abort', wake, { once: true });
  });

class Cancelled extends Error {}

/** The reason a VMIM failed, as the cluster says it. */
export function vmimFailureReason(m: VirtualMachineInstanceMigration | undefined): string | undefined {
  if (m?.status?.phase !== 'Failed') return undefined;
  const ms = m.status.migrationState as { failureReason?: string } | undefined;
  const cond = m.status.conditions?.find((c) => c.status === 'True' && c.message);
  return ms?.failureReason ?? cond?.message ?? 'Failed';
}

export async function runCrossSite(i: CrossSiteRunInput): Promise<CrossSiteOutcome> {
  const plan = crossSitePlan(i.vm, i.targetNamespace, i.migrationId);
  const interval = i.intervalMs ?? 1000;
  const receive: CrossSiteRef = {
    site: i.targetSite,
    namespace: i.targetNamespace,
    name: plan.receiveVmim.metadata.name ?? '',
  };
  const sourceNs = i.vm.metadata.namespace ?? '';
  let send: CrossSiteRef | undefined;
  let receiverCreated = false;
  // A poll that meets a WAN blip retries: giving up would delete the receiver mid-migration.
  const get = async (r: CrossSiteRef): Promise<VirtualMachineInstanceMigration> => {
    const since = Date.now();
    for (let attempt = 0; ; attempt++) {
      try {
        const m = await getObject<VirtualMachineInstanceMigration>(r.site, VMIM_GVR, r);
        if (attempt > 0) i.onContact?.(undefined);
        return m;
      } catch (err) {
        if (!isTransient(err) || Date.now() - since > (i.contactTimeoutMs ?? 300_000)) throw err;
        i.onContact?.({ site: r.site, message: err instanceof Error ? err.message : String(err) });
        await sleep(backoffDelay(attempt), i.signal);
        checkCancel();
      }
    }
  };
  const fail = async (reason: string, cancelled = false): Promise<CrossSiteOutcome> => {
    if (cancelled && send) {
      // As `virtctl migrate-cancel`: deleting the source's VMIM aborts the migration there.
      await k8sFetch(send.site, apiPath(VMIM_GVR, send), { method: 'DELETE' }).catch(() => undefined);
    }
    if (cancelled && receiverCreated)
      await k8sFetch(receive.site, apiPath(VMIM_GVR, receive), { method: 'DELETE' }).catch(() => undefined);
    if (receiverCreated) {
      i.onStep('cleanup', { receive, send });
      const path = apiPath(VM_GVR, { namespace: i.targetNamespace, name: plan.receiverVm.metadata.name });
      await k8sFetch(i.targetSite, path, { method: 'DELETE' }).catch(() => undefined);
    }
    i.onStep('failed', { receive, send });
    return cancelled ? { ok: false, reason, cancelled } : { ok: false, reason };
  };
  // The source decides and says why (upstream writes the abort reason there); the receiver
  // hears of it first and ends with less to say, so the source gets a few polls to catch up.
  const sourceReason = async (r: CrossSiteRef): Promise<string | undefined> => {
    for (let n = 0; n < 10; n++) {
      await sleep(interval, i.signal);
      const why = vmimFailureReason(await get(r));
      if (why) return why;
    }
    return undefined;
  };
  const checkCancel = () => {
    if (i.signal?.aborted) throw new Cancelled('cancelled by the user');
  };
  try {
    i.onStep('receiver', {});
    await createObject(i.targetSite, VM_GVR, plan.receiverVm);
    receiverCreated = true;
    await createObject(i.targetSite, VMIM_GVR, plan.receiveVmim);
    i.onStep('waitSync', { receive });
    const deadline = Date.now() + (i.syncTimeoutMs ?? 120_000);
    let address: string | undefined;
    while (!address) {
      const m = await get(receive);
      const failed = vmimFailureReason(m);
      if (failed) return await fail(failed);
      address = m.status?.synchronizationAddresses?.[0];
      if (address) break;
      if (Date.now() > deadline) return await fail(`the receiver published no synchronization address`);
      await sleep(interval, i.signal);
      checkCancel();
    }
    checkCancel();
    const sendVmim = plan.sendVmim(address);
    await createObject(i.sourceSite, VMIM_GVR, sendVmim);
    send = { site: i.sourceSite, namespace: sourceNs, name: sendVmim.metadata.name ?? '' };
    i.onStep('migrating', { receive, send });
    for (;;) {
      const [s, r] = await Promise.all([get(send), get(receive)]);
      const sourceFailed = vmimFailureReason(s);
      if (sourceFailed) return await fail(sourceFailed);
      const receiverFailed = vmimFailureReason(r);
      if (receiverFailed) return await fail((await sourceReason(send)) ?? receiverFailed);
      if (s.status?.phase === 'Succeeded' && r.status?.phase === 'Succeeded') break;
      await sleep(interval, i.signal);
      checkCancel();
    }
    i.onStep('done', { receive, send });
    return { ok: true };
  } catch (err) {
    return fail(err instanceof Error ? err.message : String(err), err instanceof Cancelled);
  }
}
