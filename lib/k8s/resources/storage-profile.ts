/** cdi.kubevirt.io/v1beta1 StorageProfile (cluster-scoped, one per StorageClass, same name). */
import type { GroupVersionResource } from '../api-path';
import type { KubeObject } from '../types';

export const STORAGE_PROFILE_GVR: GroupVersionResource = {
  group: 'cdi.kubevirt.io',
  version: 'v1beta1',
  resource: 'storageprofiles',
};

export interface ClaimPropertySet {
  accessModes?: string[];
  volumeMode?: 'Filesystem' | 'Block';
}

export interface StorageProfile extends KubeObject {
  spec?: { claimPropertySets?: ClaimPropertySet[]; cloneStrategy?: string };
  status?: {
    storageClass?: string;
    provisioner?: string;
    claimPropertySets?: ClaimPropertySet[];
    cloneStrategy?: string;
  };
}

/** The access and volume mode CDI fills in for the `storage` API: the profile's first set. */
export function profileDefaults(profile: StorageProfile | undefined): ClaimPropertySet | undefined {
  return profile?.spec?.claimPropertySets?.[0] ?? profile?.status?.claimPropertySets?.[0];
}
