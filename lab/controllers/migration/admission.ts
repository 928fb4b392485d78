import type { ObjectStore } from '../../store/object-store';
import { StatusError } from '../../store/status-error';
import type { KubeObject } from '../../store/types';
import { getCondition } from '../conditions';
import { R } from '../refs';
import { kubevirtConfig } from '../../apiserver/kubevirt-admission';

/** The finalizer KubeVirt's mutating webhook puts on every VMIM. */
export const VMIM_FINALIZER = 'kubevirt.io/migrationJobFinalize';
const FINAL = new Set(['Succeeded', 'Failed']);

function denied(webhook: string, message: string): StatusError {
  return new StatusError(400, 'BadRequest', `admission webhook "${webhook}" denied the request: ${message}`);
}

/** True while a VMIM has not reached a final phase. */
export function inFlight(m: KubeObject): boolean {
  return !FINAL.has(m.status?.phase ?? '');
}

/**
 * KubeVirt's migration-create mutator and validator: label `kubevirt.io/vmi-name` and the
 * finalizer; refuse a missing or final VMI, a not live-migratable one, or a second migration.
 */
export function admitMigration(store: ObjectStore, obj: KubeObject): KubeObject {
  const ns = obj.metadata.namespace ?? 'default';
  const vmiName = obj.spec?.vmiName as string | undefined;
  const hook = 'migration-create-validator.kubevirt.io';
  if (!vmiName) throw denied(hook, 'spec.vmiName is required');
  const vmi = store.get(R.vmi, ns, vmiName);
  if (!vmi) throw denied(hook, `the VMI "${ns}/${vmiName}" does not exist`);
  if (FINAL.has(vmi.status?.phase ?? '')) throw denied(hook, 'Cannot migrate VMI in finalized state.');
  const decentralized = obj.spec?.sendTo || obj.spec?.receive;
  if (decentralized && !kubevirtConfig(store).featureGates.includes('DecentralizedLiveMigration')) {
    throw denied(hook, 'DecentralizedLiveMigration feature gate is not enabled in kubevirt resource');
  }
  if (obj.spec?.sendTo && obj.spec?.receive) throw denied(hook, 'sendTo and receive are mutually exclusive');
  if (obj.spec?.sendTo && (!obj.spec.sendTo.migrationID || !obj.spec.sendTo.connectURL)) throw denied(hook, 'sendTo needs migrationID and connectURL');
  if (obj.spec?.receive && !obj.spec.receive.migrationID) throw denied(hook, 'receive needs a migrationID');
  if (obj.spec?.receive) return labelled(obj, vmiName);
  if (vmi.status?.phase !== 'Running') throw denied(hook, `Cannot migrate VMI in phase ${vmi.status?.phase ?? 'Pending'}`);
  const lm = getCondition(vmi, 'LiveMigratable');
  if (lm?.status === 'False') throw denied(hook, `Cannot migrate VMI, Reason: ${lm.reason}, Message: ${lm.message}`);
  const other = store.listShared(R.vmim, ns).find((m) => m.spec?.vmiName === vmiName && inFlight(m));
  if (other) {
    throw denied(hook, `in-flight migration detected. Active migration job (${other.metadata.uid}) is currently already in progress for VMI ${vmiName}.`);
  }
  return labelled(obj, vmiName);
}

function labelled(obj: KubeObject, vmiName: string): KubeObject {
  const out = structuredClone(obj);
  out.metadata.labels = { ...(out.metadata.labels ?? {}), 'kubevirt.io/vmi-name': vmiName };
  out.metadata.finalizers = [...new Set([...(out.metadata.finalizers ?? []), VMIM_FINALIZER])];
  return out;
}
