import type { ObjectStore } from '../store/object-store';

const BASE_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kubevirt', 'cdi'];

/** KubeVirt CR defaults the console reads (KV pkg/virt-config defaults, API-FACTS §4–5). */
export const KUBEVIRT_DEFAULT_CONFIGURATION = {
  developerConfiguration: { featureGates: [] as string[] },
  migrations: {
    parallelMigrationsPerCluster: 5,
    parallelOutboundMigrationsPerNode: 2,
    bandwidthPerMigration: '0Mi',
    completionTimeoutPerGiB: 150,
    progressTimeout: 150,
    nodeDrainTaintKey: 'kubevirt.io/drain',
    allowAutoConverge: false,
    allowPostCopy: false,
    unsafeMigrationOverride: false,
  },
  network: { defaultNetworkInterface: 'bridge', permitBridgeInterfaceOnPodNetwork: true },
};

/** Namespaces every cluster has, and the `kubevirt` KubeVirt CR; missing ones are created. */
export function seedBase(store: ObjectStore): void {
  const ns = { group: '', resource: 'namespaces' };
  for (const name of BASE_NAMESPACES) {
    if (store.get(ns, undefined, name)) continue;
    store.create(ns, {
      apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: { 'kubernetes.io/metadata.name': name } },
      spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' },
    });
  }
  const kv = { group: 'kubevirt.io', resource: 'kubevirts' };
  if (store.get(kv, 'kubevirt', 'kubevirt')) return;
  store.create(kv, {
    apiVersion: 'kubevirt.io/v1', kind: 'KubeVirt',
    metadata: { name: 'kubevirt', namespace: 'kubevirt', finalizers: ['foregroundDeleteKubeVirt'] },
    spec: {
      certificateRotateStrategy: {}, configuration: KUBEVIRT_DEFAULT_CONFIGURATION, customizeComponents: {},
      imagePullPolicy: 'IfNotPresent', workloadUpdateStrategy: { workloadUpdateMethods: ['LiveMigrate'] },
    },
    status: {
      phase: 'Deployed', observedKubeVirtVersion: 'v1.9.0', targetKubeVirtVersion: 'v1.9.0', operatorVersion: 'v1.9.0',
      conditions: [
        { type: 'Available', status: 'True', reason: 'AllComponentsReady', message: 'All components are ready.' },
        { type: 'Progressing', status: 'False', reason: 'AllComponentsReady', message: 'All components are ready.' },
        { type: 'Degraded', status: 'False', reason: 'AllComponentsReady', message: 'All components are ready.' },
      ],
    },
  });
}
