'use client';
/**
 * What the import wizard offers for one site: namespaces, storage classes with their
 * StorageProfiles, CDI's config (filesystem overhead) and the PVCs of the clone namespace. A
 * list the user may not read simply offers nothing; typed values are still accepted.
 */
import { useQuery } from '@tanstack/react-query';
import { getObject } from '@/lib/k8s/client';
import { CDI_CONFIG_GVR, CDI_CONFIG_NAME, type CdiConfig } from '@/lib/k8s/resources/cdi-config';
import { NAMESPACE_GVR, type KubeNamespace } from '@/lib/k8s/resources/namespace';
import { PVC_GVR, type PersistentVolumeClaim } from '@/lib/k8s/resources/persistent-volume-claim';
import { resourceKeys } from '@/lib/k8s/resources/resource-keys';
import { STORAGE_CLASS_GVR, type StorageClass } from '@/lib/k8s/resources/storage-class';
import { STORAGE_PROFILE_GVR, type StorageProfile } from '@/lib/k8s/resources/storage-profile';
import { useOptionList } from '@/lib/k8s/hooks/use-option-list';

export interface DvOptions {
  namespaces: KubeNamespace[];
  storageClasses: StorageClass[];
  profiles: StorageProfile[];
  cdiConfig?: CdiConfig;
  clonePvcs: PersistentVolumeClaim[];
}

export function useDvOptions(site: string, cloneNamespace: string): DvOptions {
  const cdi = useQuery({
    queryKey: [...resourceKeys(CDI_CONFIG_GVR).object(site, undefined, CDI_CONFIG_NAME), 'options'],
    queryFn: () => getObject<CdiConfig>(site, CDI_CONFIG_GVR, { name: CDI_CONFIG_NAME }),
    enabled: !!site,
    retry: false,
    staleTime: 30_000,
  });
  return {
    namespaces: useOptionList<KubeNamespace>(site, NAMESPACE_GVR),
    storageClasses: useOptionList<StorageClass>(site, STORAGE_CLASS_GVR),
    profiles: useOptionList<StorageProfile>(site, STORAGE_PROFILE_GVR),
    cdiConfig: cdi.data,
    clonePvcs: useOptionList<PersistentVolumeClaim>(site, PVC_GVR, cloneNamespace),
  };
}
