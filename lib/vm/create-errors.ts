/**
 * Puts the cluster's 422 causes next to the create form's fields: a cause's field path on the
 * generated VirtualMachine maps back to the form field that produced it.
 */
import type { StatusCause } from '../k8s/types';
import { CLOUD_INIT_DISK, type VmForm } from './create';

export type FormField = 'name' | 'namespace' | 'cpu' | 'memory' | 'sizing' | 'runStrategy' | 'boot' | 'cloudInit' | 'network' | 'nodeSelector' | 'general';

const VOL_INDEX = /^spec\.template\.spec\.(?:volumes|domain\.devices\.disks)\[(\d+)\]/;

/** The form field a cause's path belongs to (`general` when none fits). */
export function formFieldOf(path: string | undefined, form: VmForm): FormField {
  const p = path ?? '';
  if (/^metadata\.name/.test(p)) return 'name';
  if (/^metadata\.namespace/.test(p)) return 'namespace';
  if (/^spec\.(running|runStrategy)/.test(p)) return 'runStrategy';
  if (/^spec\.(instancetype|preference)/.test(p)) return 'sizing';
  if (/^spec\.template\.spec\.domain\.cpu/.test(p)) return 'cpu';
  if (/^spec\.template\.spec\.domain\.(memory|resources)/.test(p)) return 'memory';
  if (/^spec\.dataVolumeTemplates/.test(p)) return 'boot';
  const vol = VOL_INDEX.exec(p);
  if (vol) {
    // The form writes the root disk first and cloud-init second (see formToVm).
    return Number(vol[1]) === 1 && form.cloudInit.enabled ? 'cloudInit' : 'boot';
  }
  if (p.includes(CLOUD_INIT_DISK) || /cloudInit/.test(p)) return 'cloudInit';
  if (/^spec\.template\.spec\.(networks|domain\.devices\.interfaces)/.test(p)) return 'network';
  if (/^spec\.template\.spec\.nodeSelector/.test(p)) return 'nodeSelector';
  return 'general';
}

/** Causes grouped by form field, messages prefixed with the path when it helps. */
export function groupCauses(causes: readonly StatusCause[], form: VmForm): Partial<Record<FormField, string[]>> {
  const out: Partial<Record<FormField, string[]>> = {};
  for (const c of causes) {
    const field = formFieldOf(c.field, form);
    const text = c.message ?? c.reason ?? '';
    (out[field] ??= []).push(field === 'general' && c.field ? `${c.field}: ${text}` : text);
  }
  return out;
}

const DNS1123 = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const QUANTITY = /^[0-9]+(\.[0-9]+)?(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?$/;

/** Checks the browser can do before asking the cluster; keys are i18n keys in `vm-create`. */
export function localProblems(form: VmForm): Partial<Record<FormField, string[]>> {
  const out: Partial<Record<FormField, string[]>> = {};
  const add = (f: FormField, key: string) => (out[f] ??= []).push(key);
  if (!form.site) add('general', 'error.noSite');
  if (!form.name) add('name', 'error.nameRequired');
  else if (form.name.length > 63 || !DNS1123.test(form.name)) add('name', 'error.nameFormat');
  if (!form.namespace) add('namespace', 'error.namespaceRequired');
  if (!form.instancetype) {
    if (!Number.isInteger(form.cpuCores) || form.cpuCores < 1) add('cpu', 'error.cpu');
    if (!QUANTITY.test(form.memory)) add('memory', 'error.quantity');
  }
  const b = form.boot;
  if (b.kind === 'containerDisk' && !b.image.trim()) add('boot', 'error.imageRequired');
  if (b.kind === 'pvc' && !b.claimName) add('boot', 'error.pvcRequired');
  if (b.kind === 'http' && !/^https?:\/\/\S+$/.test(b.url)) add('boot', 'error.url');
  if (b.kind === 'clone' && (!b.sourceName || !b.sourceNamespace)) add('boot', 'error.cloneSource');
  if ((b.kind === 'http' || b.kind === 'clone') && !QUANTITY.test(b.size)) add('boot', 'error.quantity');
  if (form.interfaces.some((i) => i.kind === 'multus' && !i.nad)) add('network', 'error.nadRequired');
  if (!form.interfaces.length) add('network', 'error.noNetwork');
  return out;
}
