/**
 * What the DataVolumes page says about one DataVolume, from it, its claim and the VMs of its
 * site. Pure: the claim fills what the `storage` API left to the StorageProfile.
 */
import { dvProgress, type DataVolume } from '../k8s/resources/datavolume';
import type { PersistentVolumeClaim } from '../k8s/resources/persistent-volume-claim';
import type { VirtualMachine } from '../k8s/resources/virtual-machine';
import { findCondition } from '../k8s/types';

export type DvSourceKind =
  'http' | 'registry' | 'pvc' | 'snapshot' | 'upload' | 'blank' | 'dataSource' | 'other';

export interface DvFacts {
  phase: string;
  /** 0..1, or undefined when CDI reports "N/A" or nothing. */
  progress?: number;
  progressText?: string;
  restarts: number;
  /** The importer's last failure (Running condition), kept while it retries. */
  lastError?: string;
  size?: string;
  storageClass?: string;
  accessModes: string[];
  volumeMode?: string;
  /** The claim's name once it is Bound. */
  boundPvc?: string;
  pvcPhase?: string;
  source: DvSourceKind;
  /** URL, image or `namespace/name` of the source, when it has one. */
  sourceDetail?: string;
}

const SOURCE_KINDS: DvSourceKind[] = ['http', 'registry', 'pvc', 'snapshot', 'upload', 'blank'];

function sourceOf(dv: DataVolume): Pick<DvFacts, 'source' | 'sourceDetail'> {
  if (dv.spec.sourceRef)
    return {
      source: 'dataSource',
      sourceDetail: `${dv.spec.sourceRef.namespace ?? dv.metadata.namespace}/${dv.spec.sourceRef.name}`,
    };
  const s = dv.spec.source ?? {};
  const kind = SOURCE_KINDS.find((k) => s[k] !== undefined) ?? 'other';
  if (kind === 'http') return { source: kind, sourceDetail: s.http?.url };
  if (kind === 'registry') return { source: kind, sourceDetail: s.registry?.url ?? s.registry?.imageStream };
  if (kind === 'pvc' || kind === 'snapshot') {
    const ref = s[kind];
    return { source: kind, sourceDetail: ref ? `${ref.namespace}/${ref.name}` : undefined };
  }
  return { source: kind };
}

/** Reasons of a Running condition that are not failures. */
const NOT_ERRORS = new Set([
  '',
  'Pod is running',
  'Completed',
  'Pending',
  'ContainerCreating',
  'PodInitializing',
]);

export function dvFacts(dv: DataVolume, pvc: PersistentVolumeClaim | undefined): DvFacts {
  const want = dv.spec.storage ?? (dv.spec.pvc as DataVolume['spec']['storage']) ?? {};
  const running = findCondition(dv.status?.conditions, 'Running');
  const failed =
    running && running.status !== 'True' && !NOT_ERRORS.has(running.reason ?? '') && running.message;
  const bound = pvc?.status?.phase === 'Bound';
  return {
    phase: dv.status?.phase ?? '',
    progress: dvProgress(dv),
    progressText: dv.status?.progress,
    restarts: dv.status?.restartCount ?? 0,
    lastError: failed || undefined,
    size: want.resources?.requests?.storage ?? pvc?.spec.resources?.requests?.storage,
    storageClass: want.storageClassName ?? pvc?.spec.storageClassName,
    accessModes: want.accessModes ?? pvc?.spec.accessModes ?? [],
    volumeMode: want.volumeMode ?? pvc?.spec.volumeMode,
    boundPvc: bound ? pvc.metadata.name : undefined,
    pvcPhase: pvc?.status?.phase,
    ...sourceOf(dv),
  };
}

/**
 * Which VM uses which DataVolume, for one site: `namespace/dvName` → VM name. A VM uses a
 * DataVolume it owns (dataVolumeTemplates) or names, or names its claim, among its volumes.
 */
export function dvConsumers(vms: Iterable<VirtualMachine>): Map<string, string> {
  const out = new Map<string, string>();
  for (const vm of vms) {
    const ns = vm.metadata.namespace ?? '';
    const vmName = vm.metadata.name ?? '';
    for (const t of vm.spec.dataVolumeTemplates ?? [])
      if (t.metadata?.name) out.set(`${ns}/${t.metadata.name}`, vmName);
    for (const v of vm.spec.template.spec.volumes ?? []) {
      const ref = v.dataVolume?.name ?? v.persistentVolumeClaim?.claimName;
      if (ref && !out.has(`${ns}/${ref}`)) out.set(`${ns}/${ref}`, vmName);
    }
  }
  return out;
}

/** The VM that uses this DataVolume: its owner, else one that names it (see dvConsumers). */
export function dvConsumer(dv: DataVolume, consumers: ReadonlyMap<string, string>): string | undefined {
  const owner = dv.metadata.ownerReferences?.find((r) => r.kind === 'VirtualMachine');
  return owner?.name ?? consumers.get(`${dv.metadata.namespace}/${dv.metadata.name}`);
}
