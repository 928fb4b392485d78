/** cdi.kubevirt.io/v1beta1 CDIConfig (cluster-scoped singleton `config`). */
import type { GroupVersionResource } from '../api-path';
import type { KubeObject } from '../types';

export const CDI_CONFIG_GVR: GroupVersionResource = {
  group: 'cdi.kubevirt.io',
  version: 'v1beta1',
  resource: 'cdiconfigs',
};
export const CDI_CONFIG_NAME = 'config';

export interface CdiConfig extends KubeObject {
  spec?: { uploadProxyURLOverride?: string };
  status?: {
    uploadProxyURL?: string;
    filesystemOverhead?: { global?: string; storageClass?: Record<string, string> };
  };
}

/** CDI's default when the config says nothing (`common.DefaultGlobalOverhead`). */
const DEFAULT_OVERHEAD = 0.06;

/** The filesystem overhead CDI applies for a storage class, as a fraction. */
export function filesystemOverhead(config: CdiConfig | undefined, storageClass: string | undefined): number {
  const fo = config?.status?.filesystemOverhead;
  const raw = (storageClass && fo?.storageClass?.[storageClass]) || fo?.global;
  const n = raw === undefined ? NaN : Number(raw);
  return Number.isFinite(n) && n >= 0 && n < 1 ? n : DEFAULT_OVERHEAD;
}

/** Where uploads go: the override, else the proxy CDI reports (host[:port], no scheme). */
export function uploadProxyHost(config: CdiConfig | undefined): string | undefined {
  return config?.spec?.uploadProxyURLOverride || config?.status?.uploadProxyURL || undefined;
}
