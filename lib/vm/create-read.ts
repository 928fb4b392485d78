/**
 * object → form half of the create form's YAML sync. Whatever the form cannot represent is
 * listed in `unsupported` (the YAML tab keeps it; the form just cannot show it).
 */
import { parse as parseYaml } from 'yaml';
import { CREATE_RUN_STRATEGIES, CLOUD_INIT_DISK, ROOT_DISK, defaultForm, type BootSource, type CloudInit, type VmForm } from './create';
import { runStrategyOf, type RunStrategy, type VirtualMachine } from '../k8s/resources/virtual-machine';
import type { Volume } from '../k8s/resources/virtual-machine-instance';
import { interfacesFromSpec } from '../network/form-interfaces';
import { ALLOW_POD_BRIDGE_MIGRATION } from '../network/migration';

/**
 * What the YAML tab parses: shaped like a VirtualMachine but typed by a person, so any field
 * may be missing (the reads below never trust a shape they have not checked).
 */
type TypedVm = { metadata?: Partial<VirtualMachine['metadata']>; spec?: Partial<VirtualMachine['spec']> };

export interface FormReading {
  form: VmForm;
  /** Paths of settings present in the object that the form has no field for. */
  unsupported: string[];
}

function cloudInitFrom(userData: unknown): CloudInit {
  const ci: CloudInit = { enabled: true, user: '', password: '', sshKey: '' };
  if (typeof userData !== 'string') return ci;
  try {
    const doc: { user?: unknown; password?: unknown; ssh_authorized_keys?: unknown } | null = parseYaml(userData);
    if (doc && typeof doc === 'object') {
      ci.user = typeof doc.user === 'string' ? doc.user : '';
      ci.password = typeof doc.password === 'string' ? doc.password : '';
      ci.sshKey = Array.isArray(doc.ssh_authorized_keys) ? doc.ssh_authorized_keys.join('\n') : '';
    }
  } catch {
    // Non-YAML user data (a shell script) has no user/password/key to show; the YAML tab keeps it.
  }
  return ci;
}

function bootFrom(vm: TypedVm, vol: Volume | undefined, fallback: BootSource): BootSource {
  if (vol?.containerDisk) return { kind: 'containerDisk', image: String(vol.containerDisk.image ?? '') };
  if (vol?.persistentVolumeClaim) return { kind: 'pvc', claimName: String(vol.persistentVolumeClaim.claimName ?? '') };
  if (vol?.dataVolume) {
    const name = vol.dataVolume.name;
    const dvt = (vm.spec?.dataVolumeTemplates ?? []).find((d) => d.metadata?.name === name);
    const spec = dvt?.spec ?? {};
    const storage: { storageClassName?: unknown; resources?: { requests?: { storage?: unknown } } } = spec.storage ?? spec.pvc ?? {};
    const size = String(storage.resources?.requests?.storage ?? '');
    const storageClassName = String(storage.storageClassName ?? '');
    if (spec.source?.http) return { kind: 'http', url: String(spec.source.http.url ?? ''), size, storageClassName };
    if (spec.source?.pvc) {
      return { kind: 'clone', sourceNamespace: String(spec.source.pvc.namespace ?? ''), sourceName: String(spec.source.pvc.name ?? ''), size, storageClassName };
    }
    // A DataVolume that is not a template of this VM already exists: boot from its PVC.
    if (!dvt) return { kind: 'pvc', claimName: String(name) };
  }
  return fallback;
}

/** The form's run strategy; a VM that says nothing starts at once, as the form's default does. */
function runStrategyFrom(spec: TypedVm['spec']): RunStrategy {
  if (spec?.runStrategy === undefined && spec?.running === undefined) return 'Always';
  const rs = runStrategyOf({ spec });
  return CREATE_RUN_STRATEGIES.includes(rs) ? rs : 'Always';
}

function networkFields(tspec: Partial<VirtualMachine['spec']['template']['spec']>, form: VmForm, unsupported: string[]): void {
  const read = interfacesFromSpec(tspec.networks, tspec.domain?.devices?.interfaces);
  form.interfaces = read.interfaces;
  unsupported.push(...read.unsupported);
}

/** The form for a VirtualMachine object (the YAML tab's parsed text). */
export function vmToForm(vm: TypedVm, site: string): FormReading {
  const unsupported: string[] = [];
  const form = defaultForm(site, String(vm?.metadata?.namespace ?? 'default'));
  form.name = String(vm?.metadata?.name ?? '');
  const spec = vm?.spec ?? {};
  const tspec: Partial<VirtualMachine['spec']['template']['spec']> = spec.template?.spec ?? {};
  const domain: Partial<VirtualMachine['spec']['template']['spec']['domain']> = tspec.domain ?? {};
  form.runStrategy = runStrategyFrom(spec);
  form.instancetype = spec.instancetype?.name ? String(spec.instancetype.name) : '';
  form.preference = spec.preference?.name ? String(spec.preference.name) : '';
  const cores = Number(domain.cpu?.cores ?? 0);
  if (cores > 0) form.cpuCores = cores;
  const memory = domain.memory?.guest ?? domain.resources?.requests?.memory;
  if (memory) form.memory = String(memory);
  const vols = tspec.volumes ?? [];
  form.boot = bootFrom(vm, vols.find((v) => v.name === ROOT_DISK) ?? vols[0], form.boot);
  const ci = vols.find((v) => v.name === CLOUD_INIT_DISK || v.cloudInitNoCloud);
  form.cloudInit = ci?.cloudInitNoCloud ? cloudInitFrom(ci.cloudInitNoCloud.userData) : { ...form.cloudInit, enabled: false };
  networkFields(tspec, form, unsupported);
  form.allowPodBridgeMigration = spec.template?.metadata?.annotations?.[ALLOW_POD_BRIDGE_MIGRATION] !== undefined;
  form.nodeSelector = Object.entries(tspec.nodeSelector ?? {}).map(([key, value]) => ({ key, value: String(value) }));
  for (const v of vols) if (v.name !== ROOT_DISK && v !== ci && v !== vols[0]) unsupported.push(`spec.template.spec.volumes[${v.name}]`);
  return { form, unsupported };
}
