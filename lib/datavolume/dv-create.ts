/**
 * The import wizard's form and the DataVolume it writes, both ways: form edits are merged into
 * the object being edited (so fields only the YAML tab knows survive), and an edited object is
 * read back into the form with the paths the form cannot show.
 */
import type { DataVolume, DataVolumeSource } from '../k8s/resources/datavolume';

export const BIND_IMMEDIATE_ANNOTATION = 'cdi.kubevirt.io/storage.bind.immediate.requested';

export const DV_SOURCE_KINDS = ['upload', 'http', 'registry', 'clone', 'blank'] as const;
export type DvImportSource = (typeof DV_SOURCE_KINDS)[number];
export const ACCESS_MODES = ['ReadWriteOnce', 'ReadWriteMany', 'ReadOnlyMany'] as const;
export type AccessMode = (typeof ACCESS_MODES)[number] | '';
export type VolumeMode = 'Filesystem' | 'Block' | '';

export interface DvForm {
  site: string;
  name: string;
  namespace: string;
  source: DvImportSource;
  /** http */
  url: string;
  /** hex sha256, written as `sha256:<hex>` */
  sha256: string;
  secretRef: string;
  certConfigMap: string;
  /** registry */
  registryUrl: string;
  pullMethod: 'pod' | 'node';
  /** clone */
  cloneNamespace: string;
  cloneName: string;
  /** target (`storage` API); empty fields are left to the StorageProfile */
  size: string;
  storageClassName: string;
  accessMode: AccessMode;
  volumeMode: VolumeMode;
  bindImmediate: boolean;
}

export function defaultDvForm(site: string, namespace: string): DvForm {
  return {
    site,
    name: '',
    namespace,
    source: 'upload',
    url: '',
    sha256: '',
    secretRef: '',
    certConfigMap: '',
    registryUrl: 'docker://',
    pullMethod: 'pod',
    cloneNamespace: namespace,
    cloneName: '',
    size: '10Gi',
    storageClassName: '',
    accessMode: '',
    volumeMode: '',
    // Uploads must bind at once (virtctl refuses WaitForFirstConsumer without --force-bind).
    bindImmediate: true,
  };
}

function sourceOf(f: DvForm): DataVolumeSource {
  const opt = (v: string) => (v ? v : undefined);
  switch (f.source) {
    case 'upload':
      return { upload: {} };
    case 'blank':
      return { blank: {} };
    case 'http':
      return {
        http: strip({
          url: f.url,
          checksum: f.sha256 ? `sha256:${f.sha256}` : undefined,
          secretRef: opt(f.secretRef),
          certConfigMap: opt(f.certConfigMap),
        }) as { url: string },
      };
    case 'registry':
      return {
        registry: strip({
          url: f.registryUrl,
          pullMethod: f.pullMethod === 'pod' ? undefined : f.pullMethod,
        }),
      };
    case 'clone':
      return { pvc: { namespace: f.cloneNamespace, name: f.cloneName } };
  }
}

function strip<T extends Record<string, unknown>>(o: T): T {
  for (const k of Object.keys(o)) if (o[k] === undefined) delete o[k];
  return o;
}

/** The DataVolume for a form, keeping what `base` has beyond the form's fields. */
export function formToDv(f: DvForm, base?: DataVolume): DataVolume {
  const dv: DataVolume = structuredClone(
    base ?? { apiVersion: 'cdi.kubevirt.io/v1beta1', kind: 'DataVolume', metadata: {}, spec: {} },
  );
  dv.apiVersion = 'cdi.kubevirt.io/v1beta1';
  dv.kind = 'DataVolume';
  dv.metadata = { ...dv.metadata, name: f.name, namespace: f.namespace };
  const ann = { ...(dv.metadata.annotations ?? {}) };
  if (f.bindImmediate) ann[BIND_IMMEDIATE_ANNOTATION] = 'true';
  else delete ann[BIND_IMMEDIATE_ANNOTATION];
  if (Object.keys(ann).length) dv.metadata.annotations = ann;
  else delete dv.metadata.annotations;
  dv.spec = { ...dv.spec, source: sourceOf(f) };
  const storage = { ...(dv.spec.storage ?? {}) };
  storage.resources = {
    ...(storage.resources ?? {}),
    requests: { ...(storage.resources?.requests ?? {}), storage: f.size },
  };
  if (f.storageClassName) storage.storageClassName = f.storageClassName;
  else delete storage.storageClassName;
  if (f.accessMode) storage.accessModes = [f.accessMode];
  else delete storage.accessModes;
  if (f.volumeMode) storage.volumeMode = f.volumeMode;
  else delete storage.volumeMode;
  dv.spec.storage = storage;
  return dv;
}

const str = (v: unknown) => (typeof v === 'string' ? v : '');

/** The form an edited DataVolume shows, and the paths it has that the form does not show. */
export function dvToForm(dv: DataVolume, site: string): { form: DvForm; unsupported: string[] } {
  const f = defaultDvForm(site, str(dv.metadata?.namespace) || 'default');
  const unsupported: string[] = [];
  f.name = str(dv.metadata?.name);
  f.bindImmediate = dv.metadata?.annotations?.[BIND_IMMEDIATE_ANNOTATION] === 'true';
  const src = dv.spec?.source ?? {};
  const kinds = Object.keys(src);
  if (src.http) {
    f.source = 'http';
    f.url = str(src.http.url);
    const sum = str((src.http as { checksum?: unknown }).checksum);
    if (sum.startsWith('sha256:')) f.sha256 = sum.slice(7);
    else if (sum) unsupported.push('spec.source.http.checksum');
    f.secretRef = str(src.http.secretRef);
    f.certConfigMap = str(src.http.certConfigMap);
  } else if (src.registry) {
    f.source = 'registry';
    f.registryUrl = str(src.registry.url);
    f.pullMethod = src.registry.pullMethod === 'node' ? 'node' : 'pod';
  } else if (src.pvc) {
    f.source = 'clone';
    f.cloneNamespace = str(src.pvc.namespace);
    f.cloneName = str(src.pvc.name);
  } else if (src.blank) f.source = 'blank';
  else if (src.upload) f.source = 'upload';
  else if (kinds.length || dv.spec?.sourceRef)
    unsupported.push(kinds.length ? `spec.source.${kinds[0]}` : 'spec.sourceRef');
  if (kinds.length > 1) unsupported.push('spec.source (more than one)');
  const st = dv.spec?.storage;
  if (dv.spec?.pvc) unsupported.push('spec.pvc');
  f.size = str(st?.resources?.requests?.storage);
  f.storageClassName = str(st?.storageClassName);
  const am = st?.accessModes?.[0];
  f.accessMode = (ACCESS_MODES as readonly string[]).includes(am ?? '') ? (am as AccessMode) : '';
  if (am && !f.accessMode) unsupported.push('spec.storage.accessModes');
  f.volumeMode = st?.volumeMode === 'Block' || st?.volumeMode === 'Filesystem' ? st.volumeMode : '';
  return { form: f, unsupported };
}
