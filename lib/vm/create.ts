/**
 * The create-VM form as plain data, and the two pure mappings that keep its YAML tab in step:
 * `formToVm` writes only the fields the form owns onto a base object (so YAML-only edits
 * survive), `vmToForm` reads them back and lists what the form cannot show.
 */
import { stringify as stringifyYaml } from 'yaml';
import { RUN_STRATEGIES, type DataVolumeTemplateSpec, type RunStrategy, type VirtualMachine } from '../k8s/resources/virtual-machine';
import type { DomainSpec, Volume } from '../k8s/resources/virtual-machine-instance';
import { interfacesToSpec, podInterface, type FormInterface } from '../network/form-interfaces';
import { ALLOW_POD_BRIDGE_MIGRATION } from '../network/migration';

/** The run strategies a new VM can have (WaitAsReceiver is set by migration tooling, not by hand). */
export const CREATE_RUN_STRATEGIES: readonly RunStrategy[] = RUN_STRATEGIES.filter((s) => s !== 'WaitAsReceiver');

export type BootSource =
  | { kind: 'containerDisk'; image: string }
  | { kind: 'pvc'; claimName: string }
  | { kind: 'http'; url: string; size: string; storageClassName: string }
  | { kind: 'clone'; sourceNamespace: string; sourceName: string; size: string; storageClassName: string };

export interface CloudInit {
  enabled: boolean;
  user: string;
  password: string;
  sshKey: string;
}

export interface VmForm {
  site: string;
  namespace: string;
  name: string;
  /** Custom sizing, used when no instance type is chosen. */
  cpuCores: number;
  memory: string;
  /** VirtualMachineClusterInstancetype / Preference names; '' = none. */
  instancetype: string;
  preference: string;
  runStrategy: RunStrategy;
  boot: BootSource;
  cloudInit: CloudInit;
  /** The VM's interfaces in order, each with its network (see lib/network/form-interfaces). */
  interfaces: FormInterface[];
  /** Upstream's opt-in annotation that lets bridge on the pod network live-migrate. */
  allowPodBridgeMigration: boolean;
  nodeSelector: Array<{ key: string; value: string }>;
}

export const ROOT_DISK = 'rootdisk';
export const CLOUD_INIT_DISK = 'cloudinitdisk';

/** A sensible starting form: a small Fedora-like container disk VM that starts at once. */
export function defaultForm(site = '', namespace = 'default'): VmForm {
  return {
    site,
    namespace,
    name: '',
    cpuCores: 1,
    memory: '1Gi',
    instancetype: '',
    preference: '',
    runStrategy: 'Always',
    boot: { kind: 'containerDisk', image: 'quay.io/containerdisks/fedora:latest' },
    cloudInit: { enabled: true, user: 'fedora', password: '', sshKey: '' },
    interfaces: [podInterface()],
    allowPodBridgeMigration: false,
    nodeSelector: [],
  };
}

/** Name of the DataVolume a VM's root disk is imported or cloned into. */
export function rootDataVolumeName(vmName: string): string {
  return `${vmName}-${ROOT_DISK}`;
}

function bootVolume(form: VmForm): Volume {
  const b = form.boot;
  if (b.kind === 'containerDisk') return { name: ROOT_DISK, containerDisk: { image: b.image } };
  if (b.kind === 'pvc') return { name: ROOT_DISK, persistentVolumeClaim: { claimName: b.claimName } };
  return { name: ROOT_DISK, dataVolume: { name: rootDataVolumeName(form.name) } };
}

function dataVolumeTemplates(form: VmForm): DataVolumeTemplateSpec[] {
  const b = form.boot;
  if (b.kind !== 'http' && b.kind !== 'clone') return [];
  const source = b.kind === 'http' ? { http: { url: b.url } } : { pvc: { namespace: b.sourceNamespace, name: b.sourceName } };
  // The `storage` API lets CDI fill access and volume modes from the StorageProfile.
  const storage: DataVolumeTemplateSpec['spec']['storage'] = { resources: { requests: { storage: b.size } } };
  if (b.storageClassName) storage.storageClassName = b.storageClassName;
  return [{ metadata: { name: rootDataVolumeName(form.name) }, spec: { source, storage } }];
}

/** `#cloud-config` user data for the user, password and SSH key typed in the form. */
export function cloudInitUserData(ci: CloudInit): string {
  const doc: Record<string, unknown> = {};
  if (ci.user) doc.user = ci.user;
  if (ci.password) {
    doc.password = ci.password;
    doc.chpasswd = { expire: false };
  }
  const keys = ci.sshKey.split('\n').map((k) => k.trim()).filter(Boolean);
  if (keys.length) doc.ssh_authorized_keys = keys;
  return `#cloud-config\n${stringifyYaml(doc)}`;
}

function clone<T>(v: T): T {
  return v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T);
}

function domainFor(form: VmForm, base: DomainSpec | undefined): DomainSpec {
  const domain: DomainSpec = clone(base) ?? { devices: {} };
  domain.devices = domain.devices ?? {};
  const otherDisks = (domain.devices.disks ?? []).filter((d) => d.name !== ROOT_DISK && d.name !== CLOUD_INIT_DISK);
  const disks = [{ name: ROOT_DISK, disk: { bus: 'virtio' } }];
  if (form.cloudInit.enabled) disks.push({ name: CLOUD_INIT_DISK, disk: { bus: 'virtio' } });
  domain.devices.disks = [...disks, ...otherDisks];
  domain.devices.interfaces = interfacesToSpec(form.interfaces).interfaces;
  if (form.instancetype) {
    // The instance type owns CPU and memory; KubeVirt rejects a VM that sets both.
    delete domain.cpu;
    delete domain.memory;
    if (domain.resources?.requests) delete domain.resources.requests.memory;
  } else {
    domain.cpu = { ...(domain.cpu ?? {}), cores: form.cpuCores };
    domain.memory = { ...(domain.memory ?? {}), guest: form.memory };
  }
  return domain;
}

function volumesFor(form: VmForm, base: Volume[] | undefined): Volume[] {
  const others = (base ?? []).filter((v) => v.name !== ROOT_DISK && v.name !== CLOUD_INIT_DISK);
  const vols: Volume[] = [bootVolume(form)];
  if (form.cloudInit.enabled) vols.push({ name: CLOUD_INIT_DISK, cloudInitNoCloud: { userData: cloudInitUserData(form.cloudInit) } });
  return [...vols, ...others];
}

/**
 * The VirtualMachine for a form, on top of `base` (the YAML tab's object) when given: fields the
 * form does not own are kept as they are.
 */
export function formToVm(form: VmForm, base?: VirtualMachine): VirtualMachine {
  const from = clone(base);
  const spec = from?.spec ?? ({} as Partial<VirtualMachine['spec']>);
  delete spec.running;
  spec.runStrategy = form.runStrategy;
  if (form.instancetype) spec.instancetype = { kind: 'VirtualMachineClusterInstancetype', name: form.instancetype };
  else delete spec.instancetype;
  if (form.preference) spec.preference = { kind: 'VirtualMachineClusterPreference', name: form.preference };
  else delete spec.preference;
  const dvts = dataVolumeTemplates(form);
  const keptDvts = (spec.dataVolumeTemplates ?? []).filter((d) => d.metadata?.name !== rootDataVolumeName(form.name) && !String(d.metadata?.name ?? '').endsWith(`-${ROOT_DISK}`));
  if (dvts.length + keptDvts.length) spec.dataVolumeTemplates = [...dvts, ...keptDvts];
  else delete spec.dataVolumeTemplates;
  const tpl = spec.template ?? { spec: { domain: { devices: {} } } };
  tpl.metadata = { ...(tpl.metadata ?? {}), labels: { ...(tpl.metadata?.labels ?? {}), 'kubevirt.io/vm': form.name } };
  const annotations = { ...(tpl.metadata.annotations ?? {}) };
  if (form.allowPodBridgeMigration) annotations[ALLOW_POD_BRIDGE_MIGRATION] = 'true';
  else delete annotations[ALLOW_POD_BRIDGE_MIGRATION];
  if (Object.keys(annotations).length) tpl.metadata.annotations = annotations;
  else delete tpl.metadata.annotations;
  const tspec = tpl.spec ?? { domain: { devices: {} } };
  tspec.domain = domainFor(form, tspec.domain);
  tspec.networks = interfacesToSpec(form.interfaces).networks;
  tspec.volumes = volumesFor(form, tspec.volumes);
  const sel = form.nodeSelector.filter((e) => e.key.trim());
  if (sel.length) tspec.nodeSelector = Object.fromEntries(sel.map((e) => [e.key.trim(), e.value.trim()]));
  else delete tspec.nodeSelector;
  tpl.spec = tspec;
  spec.template = tpl;
  return {
    ...from,
    apiVersion: 'kubevirt.io/v1',
    kind: 'VirtualMachine',
    metadata: { ...(from?.metadata ?? {}), name: form.name, namespace: form.namespace },
    spec: spec as VirtualMachine['spec'],
  };
}

export { vmToForm } from './create-read';
