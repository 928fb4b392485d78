/**
 * The import wizard's checks before asking the cluster, and the cluster's 422 causes placed at
 * the wizard's fields (a cause's path on the DataVolume maps back to the field that wrote it).
 */
import type { StatusCause } from '../k8s/types';
import type { DvForm } from './dv-create';

export type DvFormField =
  | 'name'
  | 'namespace'
  | 'source'
  | 'file'
  | 'size'
  | 'storageClass'
  | 'accessMode'
  | 'volumeMode'
  | 'general';

export function dvFieldOf(path: string | undefined): DvFormField {
  const p = path ?? '';
  if (/^metadata\.name/.test(p)) return 'name';
  if (/^metadata\.namespace/.test(p)) return 'namespace';
  if (/^spec\.(source|sourceRef)/.test(p)) return 'source';
  if (/^spec\.(storage|pvc)\.resources/.test(p)) return 'size';
  if (/^spec\.(storage|pvc)\.storageClassName/.test(p)) return 'storageClass';
  if (/^spec\.(storage|pvc)\.accessModes/.test(p)) return 'accessMode';
  if (/^spec\.(storage|pvc)\.volumeMode/.test(p)) return 'volumeMode';
  return 'general';
}

export function groupDvCauses(causes: readonly StatusCause[]): Partial<Record<DvFormField, string[]>> {
  const out: Partial<Record<DvFormField, string[]>> = {};
  for (const c of causes) {
    const field = dvFieldOf(c.field);
    const text = c.message ?? c.reason ?? '';
    (out[field] ??= []).push(field === 'general' && c.field ? `${c.field}: ${text}` : text);
  }
  return out;
}

const DNS1123 = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const QUANTITY = /^[0-9]+(\.[0-9]+)?(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?$/;

/** Problems the browser can see; values are i18n keys in `dv-create`. */
export function dvLocalProblems(
  f: DvForm,
  file: { size: number } | undefined,
): Partial<Record<DvFormField, string[]>> {
  const out: Partial<Record<DvFormField, string[]>> = {};
  const add = (k: DvFormField, key: string) => (out[k] ??= []).push(key);
  if (!f.site) add('general', 'error.noSite');
  if (!f.name) add('name', 'error.nameRequired');
  else if (f.name.length > 63 || !DNS1123.test(f.name)) add('name', 'error.nameFormat');
  if (!f.namespace) add('namespace', 'error.namespaceRequired');
  if (!QUANTITY.test(f.size)) add('size', 'error.quantity');
  if (f.source === 'upload' && !file) add('file', 'error.fileRequired');
  if (f.source === 'http') {
    if (!/^https?:\/\/\S+$/.test(f.url)) add('source', 'error.url');
    if (f.sha256 && !/^[0-9a-f]{64}$/.test(f.sha256)) add('source', 'error.sha256');
  }
  if (f.source === 'registry' && !/^(docker|oci-archive):\/\/\S+$/.test(f.registryUrl))
    add('source', 'error.registryUrl');
  if (f.source === 'clone' && (!f.cloneNamespace || !f.cloneName)) add('source', 'error.cloneSource');
  return out;
}
