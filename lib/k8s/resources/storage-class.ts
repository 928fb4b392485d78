/** storage.k8s.io/v1 StorageClass: where a new DataVolume's disk is provisioned. */
import type { GroupVersionResource } from '../api-path';
import type { KubeObject } from '../types';

export const STORAGE_CLASS_GVR: GroupVersionResource = { group: 'storage.k8s.io', version: 'v1', resource: 'storageclasses' };

export interface StorageClass extends KubeObject {
  provisioner?: string;
  volumeBindingMode?: 'Immediate' | 'WaitForFirstConsumer';
}

/** The class CDI picks when none is named: the KubeVirt default, else the Kubernetes default. */
export function defaultStorageClass(classes: readonly StorageClass[]): StorageClass | undefined {
  const ann = (sc: StorageClass, key: string) => sc.metadata.annotations?.[key] === 'true';
  return (
    classes.find((sc) => ann(sc, 'storageclass.kubevirt.io/is-default-virt-class')) ??
    classes.find((sc) => ann(sc, 'storageclass.kubernetes.io/is-default-class'))
  );
}
