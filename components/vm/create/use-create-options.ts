'use client';
/**
 * What the create form offers for one site: namespaces, PVCs, storage classes, Multus networks,
 * cluster instance types and preferences, the KubeVirt CR, nodes and pods (free SR-IOV functions). A list the user may not read, or a kind the site
 * does not serve (404), simply offers nothing; the form still accepts typed values.
 */
import { CLUSTER_INSTANCETYPE_GVR, CLUSTER_PREFERENCE_GVR, type ClusterInstancetype, type ClusterPreference } from '@/lib/k8s/resources/instancetype';
import { NAMESPACE_GVR, type KubeNamespace } from '@/lib/k8s/resources/namespace';
import { NAD_GVR, type NetworkAttachmentDefinition } from '@/lib/k8s/resources/network-attachment-definition';
import { KUBEVIRT_GVR, type KubeVirtCr } from '@/lib/k8s/resources/kubevirt-cr';
import { NODE_GVR, type KubeNode } from '@/lib/k8s/resources/node';
import { POD_GVR, type KubePod } from '@/lib/k8s/resources/pod';
import { PVC_GVR, type PersistentVolumeClaim } from '@/lib/k8s/resources/persistent-volume-claim';
import { STORAGE_CLASS_GVR, type StorageClass } from '@/lib/k8s/resources/storage-class';
import { useOptionList } from '@/lib/k8s/hooks/use-option-list';

export interface CreateOptions {
  namespaces: KubeNamespace[];
  pvcs: PersistentVolumeClaim[];
  cloneSourcePvcs: PersistentVolumeClaim[];
  storageClasses: StorageClass[];
  nads: NetworkAttachmentDefinition[];
  instancetypes: ClusterInstancetype[];
  preferences: ClusterPreference[];
  /** The site's KubeVirt CR (its network configuration decides bindings and migratability). */
  kubevirts: KubeVirtCr[];
  /** Nodes and pods, for the free SR-IOV functions per node. */
  nodes: KubeNode[];
  pods: KubePod[];
}

export function useCreateOptions(site: string, namespace: string, cloneNamespace: string): CreateOptions {
  return {
    namespaces: useOptionList<KubeNamespace>(site, NAMESPACE_GVR),
    pvcs: useOptionList<PersistentVolumeClaim>(site, PVC_GVR, namespace),
    cloneSourcePvcs: useOptionList<PersistentVolumeClaim>(site, PVC_GVR, cloneNamespace || namespace),
    storageClasses: useOptionList<StorageClass>(site, STORAGE_CLASS_GVR),
    nads: useOptionList<NetworkAttachmentDefinition>(site, NAD_GVR, namespace),
    instancetypes: useOptionList<ClusterInstancetype>(site, CLUSTER_INSTANCETYPE_GVR),
    preferences: useOptionList<ClusterPreference>(site, CLUSTER_PREFERENCE_GVR),
    kubevirts: useOptionList<KubeVirtCr>(site, KUBEVIRT_GVR),
    nodes: useOptionList<KubeNode>(site, NODE_GVR),
    pods: useOptionList<KubePod>(site, POD_GVR),
  };
}
