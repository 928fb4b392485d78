/** core/v1 PersistentVolumeClaim: phase and size of a VM's disks. */
import type { GroupVersionResource } from '../api-path';
import type { KubeObject } from '../types';

export const PVC_GVR: GroupVersionResource = { group: '', version: 'v1', resource: 'persistentvolumeclaims' };

export interface PersistentVolumeClaim extends KubeObject {
  spec: {
    accessModes?: string[];
    volumeMode?: 'Filesystem' | 'Block';
    storageClassName?: string;
    volumeName?: string;
    resources?: { requests?: { storage?: string } };
  };
  status?: { phase?: 'Pending' | 'Bound' | 'Lost'; capacity?: { storage?: string }; accessModes?: string[] };
}
