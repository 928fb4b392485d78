import type { ObjectStore, ResourceRef } from '../store/object-store';
import type { KubeObject } from '../store/types';
import { R } from '../controllers/refs';

/** Nodes per site in the demo fleet; unknown sites get one node. */
export const NODE_COUNTS: Record<string, number> = { central: 3, 'region-east': 2, 'site-factory-01': 1 };

/** Creates an object unless one with that name exists (L1 may pre-create namespaces). */
export function ensure(store: ObjectStore, ref: ResourceRef, obj: KubeObject): void {
  if (store.get(ref, obj.metadata.namespace, obj.metadata.name ?? '')) return;
  store.create(ref, obj);
}

/** Node names of a site, stable so tests and docs can name them. */
export function nodeNames(site: string): string[] {
  const n = NODE_COUNTS[site] ?? 1;
  return Array.from({ length: n }, (_, i) => `${site}-node-${i + 1}`);
}

function node(site: string, name: string, index: number): KubeObject {
  const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  // SR-IOV functions of the node's NIC (the device plugin's count): fewer on the later nodes, so
  // "no free function on the target" can happen.
  const sriov = index === 0 ? '4' : '2';
  const capacity = { cpu: '16', memory: '64Gi', pods: '110', 'devices.kubevirt.io/kvm': '1k', 'devices.kubevirt.io/tun': '1k', 'intel.com/sriov_netdevice': sriov, 'ephemeral-storage': '500Gi' };
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      labels: {
        'kubernetes.io/hostname': name,
        'kubernetes.io/os': 'linux',
        'kubernetes.io/arch': 'amd64',
        'kubevirt.io/schedulable': 'true',
        'topology.kubernetes.io/zone': site,
        ...(index === 0 ? { 'node-role.kubernetes.io/control-plane': 'true' } : {}),
      },
      annotations: { 'kubevirt.io/heartbeat': now },
    },
    spec: { podCIDR: `10.42.${index}.0/24` },
    status: {
      capacity,
      allocatable: { ...capacity, cpu: '15500m', memory: '62Gi' },
      conditions: [
        { type: 'MemoryPressure', status: 'False', reason: 'KubeletHasSufficientMemory', message: 'kubelet has sufficient memory available', lastHeartbeatTime: now, lastTransitionTime: now },
        { type: 'DiskPressure', status: 'False', reason: 'KubeletHasNoDiskPressure', message: 'kubelet has no disk pressure', lastHeartbeatTime: now, lastTransitionTime: now },
        { type: 'PIDPressure', status: 'False', reason: 'KubeletHasSufficientPID', message: 'kubelet has sufficient PID available', lastHeartbeatTime: now, lastTransitionTime: now },
        { type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status', lastHeartbeatTime: now, lastTransitionTime: now },
      ],
      addresses: [
        { type: 'InternalIP', address: `192.168.${10 + index}.${10 + index}` },
        { type: 'Hostname', address: name },
      ],
      nodeInfo: {
        architecture: 'amd64',
        operatingSystem: 'linux',
        osImage: 'Debian GNU/Linux 12 (bookworm)',
        kernelVersion: '6.1.0-56-cloud-amd64',
        kubeletVersion: 'v1.32.4+k3s1',
        kubeProxyVersion: 'v1.32.4+k3s1',
        containerRuntimeVersion: 'containerd://1.7.27-k3s1',
        machineID: `${site}-${index}`,
        systemUUID: `${site}-${index}`,
        bootID: `${site}-${index}`,
      },
    },
  };
}

function storageClasses(): KubeObject[] {
  return [
    {
      apiVersion: 'storage.k8s.io/v1',
      kind: 'StorageClass',
      metadata: {
        name: 'local-path',
        annotations: { 'storageclass.kubernetes.io/is-default-class': 'true', 'storageclass.kubevirt.io/is-default-virt-class': 'true' },
      },
      provisioner: 'rancher.io/local-path',
      reclaimPolicy: 'Delete',
      volumeBindingMode: 'WaitForFirstConsumer',
    },
    {
      apiVersion: 'storage.k8s.io/v1',
      kind: 'StorageClass',
      metadata: { name: 'shared-nfs' },
      provisioner: 'nfs.csi.k8s.io',
      parameters: { server: 'nfs.edge.local', share: '/exports/kubevirt' },
      reclaimPolicy: 'Delete',
      volumeBindingMode: 'Immediate',
      allowVolumeExpansion: true,
    },
  ];
}

function storageProfile(sc: KubeObject): KubeObject {
  const rwx = sc.metadata.name === 'shared-nfs';
  const sets = [{ accessModes: [rwx ? 'ReadWriteMany' : 'ReadWriteOnce'], volumeMode: 'Filesystem' }];
  return {
    apiVersion: 'cdi.kubevirt.io/v1beta1',
    kind: 'StorageProfile',
    metadata: { name: sc.metadata.name ?? '' },
    spec: {},
    status: {
      storageClass: sc.metadata.name,
      provisioner: sc.provisioner,
      claimPropertySets: sets,
      cloneStrategy: 'copy',
      dataImportCronSourceFormat: 'pvc',
    },
  };
}

function nads(): KubeObject[] {
  return [
    {
      apiVersion: 'k8s.cni.cncf.io/v1',
      kind: 'NetworkAttachmentDefinition',
      metadata: { name: 'vlan-100', namespace: 'default' },
      spec: { config: JSON.stringify({ cniVersion: '0.3.1', name: 'vlan-100', type: 'bridge', bridge: 'br1', vlan: 100, ipam: {} }) },
    },
    {
      apiVersion: 'k8s.cni.cncf.io/v1',
      kind: 'NetworkAttachmentDefinition',
      metadata: { name: 'sriov-net', namespace: 'default', annotations: { 'k8s.v1.cni.cncf.io/resourceName': 'intel.com/sriov_netdevice' } },
      spec: { config: JSON.stringify({ cniVersion: '0.3.1', name: 'sriov-net', type: 'sriov', vlan: 200, ipam: { type: 'host-local', subnet: '10.56.217.0/24' } }) },
    },
  ];
}

function kubevirtCr(): KubeObject {
  return {
    apiVersion: 'kubevirt.io/v1',
    kind: 'KubeVirt',
    metadata: { name: 'kubevirt', namespace: 'kubevirt' },
    spec: {
      configuration: {
        developerConfiguration: { featureGates: [] },
        migrations: {
          parallelMigrationsPerCluster: 5,
          parallelOutboundMigrationsPerNode: 2,
          bandwidthPerMigration: '0Mi',
          completionTimeoutPerGiB: 150,
          progressTimeout: 150,
          allowAutoConverge: false,
          allowPostCopy: false,
        },
        network: { defaultNetworkInterface: 'bridge', permitBridgeInterfaceOnPodNetwork: true },
      },
    },
    status: { phase: 'Deployed', observedKubeVirtVersion: 'v1.9.0', targetKubeVirtVersion: 'v1.9.0', conditions: [] },
  };
}

function namespace(name: string): KubeObject {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: { 'kubernetes.io/metadata.name': name } }, spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } };
}

/** Cluster infrastructure of one site: nodes, storage, CDI config, networks, KubeVirt CR. */
export function seedInfra(store: ObjectStore, site: string, namespaces: string[]): void {
  for (const ns of ['default', 'kubevirt', 'cdi', ...namespaces]) ensure(store, R.namespace, namespace(ns));
  nodeNames(site).forEach((n, i) => ensure(store, R.node, node(site, n, i)));
  for (const sc of storageClasses()) {
    ensure(store, R.storageClass, sc);
    ensure(store, R.storageProfile, storageProfile(sc));
  }
  ensure(store, R.cdiConfig, {
    apiVersion: 'cdi.kubevirt.io/v1beta1',
    kind: 'CDIConfig',
    metadata: { name: 'config' },
    spec: { featureGates: ['HonorWaitForFirstConsumer'] },
    status: { filesystemOverhead: { global: '0.06' }, scratchSpaceStorageClass: 'local-path', importProxy: {} },
  });
  for (const nad of nads()) ensure(store, R.nad, nad);
  ensure(store, R.kubevirt, kubevirtCr());
}
