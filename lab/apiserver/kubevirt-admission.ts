import type { ObjectStore } from '../store/object-store';
import type { StatusCause } from '../store/status-error';
import type { KubeObject } from '../store/types';
import { networkAdmission } from '../../lib/network/admission';
import { networkConfigOf, type NetworkConfig } from '../../lib/network/config';

/* eslint-disable @typescript-eslint/no-explicit-any -- admission reads untyped user input */

const RUN_STRATEGIES = ['Always', 'Halted', 'Manual', 'RerunOnFailure', 'Once', 'WaitAsReceiver'];
const invalid = (field: string, message: string): StatusCause => ({ reason: 'FieldValueInvalid', message, field });
const required = (field: string, message = 'Required value'): StatusCause => ({ reason: 'FieldValueRequired', message, field });

/** KubeVirt configuration that admission depends on, read from the `KubeVirt` CR. */
export type KubeVirtConfig = NetworkConfig;

/** The site's KubeVirt CR configuration, read as the console reads it (lib/network/config). */
export function kubevirtConfig(store: ObjectStore): KubeVirtConfig {
  return networkConfigOf(store.listShared({ group: 'kubevirt.io', resource: 'kubevirts' })[0]);
}

function volumeRules(spec: any, p: string): StatusCause[] {
  const causes: StatusCause[] = [];
  const volumes: any[] = Array.isArray(spec.volumes) ? spec.volumes : [];
  const disks: any[] = Array.isArray(spec.domain?.devices?.disks) ? spec.domain.devices.disks : [];
  const seen = new Set<string>();
  volumes.forEach((v, i) => {
    if (seen.has(v?.name)) causes.push(invalid(`${p}.volumes[${i}].name`, `${p}.volumes[${i}].name '${v?.name}' is duplicated.`));
    seen.add(v?.name);
  });
  disks.forEach((d, i) => {
    if (!seen.has(d?.name)) causes.push(invalid(`${p}.domain.devices.disks[${i}].name`, `${p}.domain.devices.disks[${i}].Name '${d?.name}' not found.`));
  });
  return causes;
}

/** The VirtualMachineInstanceSpec rules (KubeVirt vmi-create-admitter), under path prefix `p`. */
export function vmiSpecRules(spec: any, p: string, cfg: KubeVirtConfig): StatusCause[] {
  if (!spec || typeof spec !== 'object') return [required(p)];
  if (!spec.domain) return [required(`${p}.domain`)];
  return [...networkAdmission(spec, p, cfg), ...volumeRules(spec, p)];
}

function vmRules(obj: KubeObject, cfg: KubeVirtConfig): StatusCause[] {
  const spec = obj.spec;
  if (!spec) return [required('spec')];
  const causes: StatusCause[] = [];
  const hasRunning = spec.running !== undefined && spec.running !== null;
  const hasStrategy = spec.runStrategy !== undefined && spec.runStrategy !== null;
  if (hasRunning && hasStrategy) causes.push(invalid('spec.running', 'Running and RunStrategy are mutually exclusive'));
  if (!hasRunning && !hasStrategy) causes.push(required('spec.running', 'One of Running or RunStrategy must be specified'));
  if (hasStrategy && !RUN_STRATEGIES.includes(spec.runStrategy)) causes.push(invalid('spec.runStrategy', `Invalid RunStrategy (${String(spec.runStrategy)})`));
  if (spec.runStrategy === 'WaitAsReceiver' && !cfg.featureGates.includes('DecentralizedLiveMigration')) {
    causes.push(invalid('spec.runStrategy', 'WaitAsReceiver run strategy requires the DecentralizedLiveMigration feature gate'));
  }
  if (!spec.template) causes.push(required('spec.template', 'missing virtual machine template.'));
  else causes.push(...vmiSpecRules(spec.template.spec, 'spec.template.spec', cfg));
  return causes;
}

function dataVolumeRules(obj: KubeObject, p = 'spec'): StatusCause[] {
  const spec = obj.spec;
  if (!spec) return [required(p)];
  const causes: StatusCause[] = [];
  if (spec.source && spec.sourceRef) causes.push(invalid(p, 'Data volume should have either Source or SourceRef, not both'));
  if (spec.source && Object.keys(spec.source).length !== 1) causes.push(invalid(`${p}.source`, 'Data volume should have exactly one source type'));
  if (!spec.pvc && !spec.storage) causes.push(invalid(`${p}.pvc`, 'Missing Data volume PVC'));
  if (spec.pvc && spec.storage) causes.push(invalid(`${p}.pvc`, 'Data volume cannot have both PVC and Storage'));
  if (spec.sourceRef && spec.sourceRef.kind !== 'DataSource') causes.push(invalid(`${p}.sourceRef.kind`, `Unsupported sourceRef kind ${String(spec.sourceRef.kind)}, currently only "DataSource" is supported`));
  return causes;
}

/** Returns the causes KubeVirt's/CDI's validating webhooks would reject the object with. */
export function kubevirtAdmission(resource: string, group: string, obj: KubeObject, store: ObjectStore): StatusCause[] {
  const cfg = kubevirtConfig(store);
  if (group === 'kubevirt.io') {
    if (resource === 'virtualmachines') return vmRules(obj, cfg);
    if (resource === 'virtualmachineinstances') return vmiSpecRules(obj.spec, 'spec', cfg);
    if (resource === 'virtualmachineinstancereplicasets') return obj.spec?.template ? vmiSpecRules(obj.spec.template.spec, 'spec.template.spec', cfg) : [required('spec.template')];
    if (resource === 'virtualmachineinstancemigrations' && !obj.spec?.vmiName) return [required('spec.vmiName', 'Required value: vmiName is required')];
  }
  if (group === 'cdi.kubevirt.io' && resource === 'datavolumes') return dataVolumeRules(obj);
  if (group === 'pool.kubevirt.io' && resource === 'virtualmachinepools' && obj.spec?.virtualMachineTemplate?.spec) {
    return vmRules({ ...obj, spec: obj.spec.virtualMachineTemplate.spec }, cfg).map((c) => ({ ...c, field: c.field?.replace(/^spec/, 'spec.virtualMachineTemplate.spec') }));
  }
  return [];
}

/** Webhook names used in denial messages, as KubeVirt and CDI register them. */
export function webhookName(group: string, resource: string): string {
  if (group === 'cdi.kubevirt.io') return 'datavolume-validate.cdi.kubevirt.io';
  const short: Record<string, string> = {
    virtualmachines: 'virtualmachine-validator.kubevirt.io',
    virtualmachineinstances: 'virtualmachineinstances-create-validator.kubevirt.io',
    virtualmachineinstancemigrations: 'migration-create-validator.kubevirt.io',
    virtualmachineinstancereplicasets: 'virtualmachinereplicaset-validator.kubevirt.io',
    virtualmachinepools: 'virtualmachinepool-validator.kubevirt.io',
  };
  return short[resource] ?? `${resource}-validator.${group}`;
}
