/** cdi.kubevirt.io/v1beta1 DataVolume (after CDI's `v1beta1.DataVolume`). */
import type { GroupVersionResource } from '../api-path';
import type { KubeCondition, KubeObject } from '../types';

export const DV_GVR: GroupVersionResource = { group: 'cdi.kubevirt.io', version: 'v1beta1', resource: 'datavolumes' };

export type DataVolumePhase =
  | ''
  | 'Pending'
  | 'PVCBound'
  | 'ImportScheduled'
  | 'ImportInProgress'
  | 'CloneScheduled'
  | 'CloneInProgress'
  | 'UploadScheduled'
  | 'UploadReady'
  | 'WaitForFirstConsumer'
  | 'PendingPopulation'
  | 'Paused'
  | 'Succeeded'
  | 'Failed'
  | 'Unknown'
  | (string & {});

export interface DataVolumeSource {
  http?: { url: string; secretRef?: string; certConfigMap?: string };
  registry?: { url?: string; imageStream?: string; pullMethod?: string };
  pvc?: { namespace: string; name: string };
  snapshot?: { namespace: string; name: string };
  upload?: Record<string, never>;
  blank?: Record<string, never>;
  [kind: string]: unknown;
}

export interface DataVolumeSpec {
  source?: DataVolumeSource;
  sourceRef?: { kind: 'DataSource'; namespace?: string; name: string };
  storage?: {
    accessModes?: string[];
    volumeMode?: 'Filesystem' | 'Block';
    storageClassName?: string;
    resources?: { requests?: { storage?: string } };
  };
  pvc?: Record<string, unknown>;
  contentType?: 'kubevirt' | 'archive';
  preallocation?: boolean;
}

export interface DataVolumeStatus {
  phase?: DataVolumePhase;
  /** e.g. `"45.25%"`, `"N/A"`, `"100.0%"`. */
  progress?: string;
  claimName?: string;
  restartCount?: number;
  conditions?: KubeCondition[];
}

export interface DataVolume extends KubeObject {
  spec: DataVolumeSpec;
  status?: DataVolumeStatus;
}

/** Progress as a fraction 0..1, or undefined for "N/A"/missing. */
export function dvProgress(dv: DataVolume): number | undefined {
  const m = /^(\d+(?:\.\d+)?)%$/.exec(dv.status?.progress ?? '');
  return m ? Math.min(1, Number(m[1]) / 100) : undefined;
}

