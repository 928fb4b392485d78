import type { ResourceRef } from '../store/object-store';

/** Store keys of every kind the lab's controllers read or write. */
export const R = {
  vm: { group: 'kubevirt.io', resource: 'virtualmachines' },
  vmi: { group: 'kubevirt.io', resource: 'virtualmachineinstances' },
  vmim: { group: 'kubevirt.io', resource: 'virtualmachineinstancemigrations' },
  vmirs: { group: 'kubevirt.io', resource: 'virtualmachineinstancereplicasets' },
  kubevirt: { group: 'kubevirt.io', resource: 'kubevirts' },
  migrationPolicy: { group: 'migrations.kubevirt.io', resource: 'migrationpolicies' },
  pod: { group: '', resource: 'pods' },
  pdb: { group: 'policy', resource: 'poddisruptionbudgets' },
  node: { group: '', resource: 'nodes' },
  event: { group: '', resource: 'events' },
  namespace: { group: '', resource: 'namespaces' },
  pvc: { group: '', resource: 'persistentvolumeclaims' },
  pv: { group: '', resource: 'persistentvolumes' },
  storageClass: { group: 'storage.k8s.io', resource: 'storageclasses' },
  dv: { group: 'cdi.kubevirt.io', resource: 'datavolumes' },
  storageProfile: { group: 'cdi.kubevirt.io', resource: 'storageprofiles' },
  cdiConfig: { group: 'cdi.kubevirt.io', resource: 'cdiconfigs' },
  uploadToken: { group: 'upload.cdi.kubevirt.io', resource: 'uploadtokenrequests' },
  nad: { group: 'k8s.cni.cncf.io', resource: 'network-attachment-definitions' },
} satisfies Record<string, ResourceRef>;

/** Store timestamps the way the apiserver prints them: second precision, `Z`. */
export function nowIso(): string {
  return new Date().toISOString().replace(/\.\d+Z$/, 'Z');
}

/** Owner reference that makes the garbage collector delete `child` with `owner`. */
export function controllerRef(owner: { apiVersion: string; kind: string; metadata: { name?: string; uid?: string } }) {
  return {
    apiVersion: owner.apiVersion,
    kind: owner.kind,
    name: owner.metadata.name ?? '',
    uid: owner.metadata.uid ?? '',
    controller: true,
    blockOwnerDeletion: true,
  };
}

const SUFFIX_CHARS = 'bcdfghjklmnpqrstvwxz2456789';

/** The 5-character random suffix Kubernetes appends to generated names. */
export function randomSuffix(): string {
  let s = '';
  for (let i = 0; i < 5; i++) s += SUFFIX_CHARS[Math.floor(Math.random() * SUFFIX_CHARS.length)];
  return s;
}
