/** k8s.cni.cncf.io/v1 NetworkAttachmentDefinition: Multus networks a VM can attach to. */
import type { GroupVersionResource } from '../api-path';
import type { KubeObject } from '../types';

export const NAD_GVR: GroupVersionResource = { group: 'k8s.cni.cncf.io', version: 'v1', resource: 'network-attachment-definitions' };

export interface NetworkAttachmentDefinition extends KubeObject {
  /** `config` is the CNI configuration as a JSON string. */
  spec?: { config?: string };
}

/** The CNI plugin type named in `spec.config` (e.g. `bridge`, `sriov`, `macvlan`), if readable. */
export function nadCniType(nad: NetworkAttachmentDefinition): string | undefined {
  try {
    const cfg = JSON.parse(nad.spec?.config ?? '{}') as { type?: string; plugins?: { type?: string }[] };
    return cfg.type ?? cfg.plugins?.[0]?.type;
  } catch {
    return undefined;
  }
}

/** `namespace/name`, the form `spec.networks[].multus.networkName` accepts. */
export function nadNetworkName(nad: NetworkAttachmentDefinition): string {
  return `${nad.metadata.namespace ?? 'default'}/${nad.metadata.name ?? ''}`;
}
