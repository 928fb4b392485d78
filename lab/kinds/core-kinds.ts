import type { KubeObject } from '../store/types';
import { ageCol, at, col, condition, nameCol, pathCol } from './columns';
import { ALL_VERBS, CREATE_ONLY, type KindDef } from './types';

const NOT_NAMESPACED = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'];

function count(obj: unknown): number {
  return obj && typeof obj === 'object' ? Object.keys(obj).length : 0;
}

interface ContainerStatus {
  ready?: boolean;
  restartCount?: number;
}

function podReady(o: KubeObject): string {
  const total = ((o.spec?.containers ?? []) as unknown[]).length;
  const ready = ((o.status?.containerStatuses ?? []) as ContainerStatus[]).filter((c) => c.ready).length;
  return `${ready}/${total}`;
}

function podRestarts(o: KubeObject): number {
  return ((o.status?.containerStatuses ?? []) as ContainerStatus[]).reduce((n, c) => n + (c.restartCount ?? 0), 0);
}

function nodeRoles(o: KubeObject): string {
  const roles = Object.keys(o.metadata.labels ?? {})
    .filter((k) => k.startsWith('node-role.kubernetes.io/'))
    .map((k) => k.slice('node-role.kubernetes.io/'.length));
  return roles.length ? roles.join(',') : '<none>';
}

function nodeStatus(o: KubeObject): string {
  const ready = condition(o, 'Ready');
  const base = ready === 'True' ? 'Ready' : ready === undefined ? 'Unknown' : 'NotReady';
  return o.spec?.unschedulable ? `${base},SchedulingDisabled` : base;
}

function involved(o: KubeObject): string {
  const io = (o.involvedObject ?? {}) as { kind?: string; name?: string };
  return `${String(io.kind ?? '').toLowerCase()}/${io.name ?? ''}`;
}

/** Built-in kinds of kube-apiserver that the lab serves. */
export const CORE_KINDS: KindDef[] = [
  {
    group: '', versions: ['v1'], resource: 'namespaces', singular: 'namespace', kind: 'Namespace', model: 'V1Namespace', namespaced: false,
    shortNames: ['ns'], status: true, builtin: true, verbs: NOT_NAMESPACED,
    columns: [nameCol, pathCol('Status', 'status.phase'), ageCol], fieldSelectors: ['status.phase'],
  },
  {
    group: '', versions: ['v1'], resource: 'nodes', singular: 'node', kind: 'Node', namespaced: false, shortNames: ['no'],
    status: true, builtin: true, verbs: ALL_VERBS,
    columns: [
      nameCol, col('Status', nodeStatus), col('Roles', nodeRoles), ageCol, pathCol('Version', 'status.nodeInfo.kubeletVersion'),
      col('Internal-IP', (o) => ((o.status?.addresses ?? []) as { type: string; address: string }[]).find((a) => a.type === 'InternalIP')?.address ?? '<none>', { priority: 1 }),
      pathCol('OS-Image', 'status.nodeInfo.osImage', { priority: 1 }),
      pathCol('Kernel-Version', 'status.nodeInfo.kernelVersion', { priority: 1 }),
      pathCol('Container-Runtime', 'status.nodeInfo.containerRuntimeVersion', { priority: 1 }),
    ],
    fieldSelectors: ['spec.unschedulable'],
  },
  {
    group: '', versions: ['v1'], resource: 'pods', singular: 'pod', kind: 'Pod', namespaced: true, shortNames: ['po'],
    categories: ['all'], status: true, builtin: true, verbs: ALL_VERBS,
    columns: [
      nameCol, col('Ready', podReady), col('Status', (o) => o.metadata.deletionTimestamp ? 'Terminating' : o.status?.phase ?? 'Pending'),
      col('Restarts', podRestarts, { type: 'integer' }), ageCol,
      col('IP', (o) => o.status?.podIP ?? '<none>', { priority: 1 }), col('Node', (o) => o.spec?.nodeName ?? '<none>', { priority: 1 }),
    ],
    fieldSelectors: ['spec.nodeName', 'status.phase', 'status.podIP', 'spec.serviceAccountName', 'spec.restartPolicy', 'spec.schedulerName'],
    extraSubresources: [{ name: 'eviction', group: 'policy', version: 'v1', kind: 'Eviction', verbs: ['create'] }],
  },
  {
    group: '', versions: ['v1'], resource: 'events', singular: 'event', kind: 'Event', namespaced: true, shortNames: ['ev'],
    builtin: true, verbs: ALL_VERBS,
    columns: [
      col('Last Seen', (o) => (o.lastTimestamp as string | undefined) ?? (o.eventTime as string | undefined) ?? o.metadata.creationTimestamp, { type: 'date' }),
      col('Type', (o) => o.type), col('Reason', (o) => o.reason), col('Object', involved), col('Message', (o) => o.message), nameCol,
    ],
    fieldSelectors: [
      'involvedObject.kind', 'involvedObject.namespace', 'involvedObject.name', 'involvedObject.uid', 'involvedObject.apiVersion',
      'involvedObject.resourceVersion', 'involvedObject.fieldPath', 'reason', 'reportingComponent', 'source', 'type',
    ],
  },
  {
    group: '', versions: ['v1'], resource: 'persistentvolumeclaims', singular: 'persistentvolumeclaim', kind: 'PersistentVolumeClaim', model: 'V1PersistentVolumeClaim',
    namespaced: true, shortNames: ['pvc'], status: true, builtin: true, verbs: ALL_VERBS,
    columns: [
      nameCol, pathCol('Status', 'status.phase'), pathCol('Volume', 'spec.volumeName'), pathCol('Capacity', 'status.capacity.storage'),
      col('Access Modes', (o) => accessModes(at(o, 'status.accessModes'))), pathCol('StorageClass', 'spec.storageClassName'), ageCol,
      pathCol('VolumeMode', 'spec.volumeMode', { priority: 1 }),
    ],
  },
  {
    group: '', versions: ['v1'], resource: 'persistentvolumes', singular: 'persistentvolume', kind: 'PersistentVolume', namespaced: false,
    shortNames: ['pv'], status: true, builtin: true, verbs: ALL_VERBS,
    columns: [
      nameCol, pathCol('Capacity', 'spec.capacity.storage'), col('Access Modes', (o) => accessModes(at(o, 'spec.accessModes'))),
      pathCol('Reclaim Policy', 'spec.persistentVolumeReclaimPolicy'), pathCol('Status', 'status.phase'),
      col('Claim', (o) => (o.spec?.claimRef ? `${o.spec.claimRef.namespace}/${o.spec.claimRef.name}` : '')), pathCol('StorageClass', 'spec.storageClassName'), ageCol,
    ],
  },
  {
    group: '', versions: ['v1'], resource: 'services', singular: 'service', kind: 'Service', model: 'V1Service', namespaced: true, shortNames: ['svc'],
    categories: ['all'], status: true, builtin: true, verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
    columns: [nameCol, pathCol('Type', 'spec.type'), pathCol('Cluster-IP', 'spec.clusterIP'), ageCol],
  },
  {
    group: '', versions: ['v1'], resource: 'configmaps', singular: 'configmap', kind: 'ConfigMap', model: 'V1ConfigMap', namespaced: true, shortNames: ['cm'],
    builtin: true, verbs: ALL_VERBS, columns: [nameCol, col('Data', (o) => count(o.data) + count(o.binaryData), { type: 'integer' }), ageCol],
  },
  {
    group: '', versions: ['v1'], resource: 'secrets', singular: 'secret', kind: 'Secret', model: 'V1Secret', namespaced: true, builtin: true, verbs: ALL_VERBS,
    columns: [nameCol, col('Type', (o) => o.type), col('Data', (o) => count(o.data), { type: 'integer' }), ageCol], fieldSelectors: ['type'],
  },
  {
    group: '', versions: ['v1'], resource: 'serviceaccounts', singular: 'serviceaccount', kind: 'ServiceAccount', model: 'V1ServiceAccount', namespaced: true,
    shortNames: ['sa'], builtin: true, verbs: ALL_VERBS, columns: [nameCol, col('Secrets', (o) => ((o.secrets ?? []) as unknown[]).length, { type: 'integer' }), ageCol],
  },
  {
    group: 'storage.k8s.io', versions: ['v1'], resource: 'storageclasses', singular: 'storageclass', kind: 'StorageClass', namespaced: false,
    shortNames: ['sc'], builtin: true, verbs: ALL_VERBS,
    columns: [
      col('Name', (o) => (o.metadata.annotations?.['storageclass.kubernetes.io/is-default-class'] === 'true' ? `${o.metadata.name} (default)` : o.metadata.name), { format: 'name' }),
      col('Provisioner', (o) => o.provisioner), col('ReclaimPolicy', (o) => o.reclaimPolicy ?? 'Delete'),
      col('VolumeBindingMode', (o) => o.volumeBindingMode ?? 'Immediate'), col('AllowVolumeExpansion', (o) => Boolean(o.allowVolumeExpansion)), ageCol,
    ],
  },
  ...rbacKinds(),
  {
    group: 'authorization.k8s.io', versions: ['v1'], resource: 'selfsubjectaccessreviews', singular: 'selfsubjectaccessreview',
    kind: 'SelfSubjectAccessReview', namespaced: false, builtin: true, verbs: CREATE_ONLY, columns: [],
  },
  {
    group: 'authorization.k8s.io', versions: ['v1'], resource: 'selfsubjectrulesreviews', singular: 'selfsubjectrulesreview',
    kind: 'SelfSubjectRulesReview', namespaced: false, builtin: true, verbs: CREATE_ONLY, columns: [],
  },
  {
    group: 'authentication.k8s.io', versions: ['v1'], resource: 'selfsubjectreviews', singular: 'selfsubjectreview',
    kind: 'SelfSubjectReview', namespaced: false, builtin: true, verbs: CREATE_ONLY, columns: [],
  },
  {
    group: 'policy', versions: ['v1'], resource: 'poddisruptionbudgets', singular: 'poddisruptionbudget', kind: 'PodDisruptionBudget', model: 'V1PodDisruptionBudget',
    namespaced: true, shortNames: ['pdb'], status: true, builtin: true, verbs: ALL_VERBS,
    columns: [
      nameCol, col('Min Available', (o) => o.spec?.minAvailable ?? 'N/A'), col('Max Unavailable', (o) => o.spec?.maxUnavailable ?? 'N/A'),
      col('Allowed Disruptions', (o) => o.status?.disruptionsAllowed ?? 0, { type: 'integer' }), ageCol,
    ],
  },
  {
    group: 'apps', versions: ['v1'], resource: 'deployments', singular: 'deployment', kind: 'Deployment', model: 'V1Deployment', namespaced: true, shortNames: ['deploy'],
    categories: ['all'], status: true, scale: true, builtin: true, verbs: ALL_VERBS,
    columns: [
      nameCol, col('Ready', (o) => `${o.status?.readyReplicas ?? 0}/${o.spec?.replicas ?? 1}`), col('Up-to-date', (o) => o.status?.updatedReplicas ?? 0, { type: 'integer' }),
      col('Available', (o) => o.status?.availableReplicas ?? 0, { type: 'integer' }), ageCol,
    ],
  },
];

function accessModes(v: unknown): string {
  const short: Record<string, string> = { ReadWriteOnce: 'RWO', ReadOnlyMany: 'ROX', ReadWriteMany: 'RWX', ReadWriteOncePod: 'RWOP' };
  return Array.isArray(v) ? v.map((m) => short[String(m)] ?? String(m)).join(',') : '';
}

function rbacKinds(): KindDef[] {
  const g = 'rbac.authorization.k8s.io';
  const roleRef = (o: KubeObject) => `${(o.roleRef as { kind?: string })?.kind ?? ''}/${(o.roleRef as { name?: string })?.name ?? ''}`;
  return [
    { group: g, versions: ['v1'], resource: 'roles', singular: 'role', kind: 'Role', model: 'V1Role', namespaced: true, builtin: true, verbs: ALL_VERBS, columns: [nameCol, col('Created At', (o) => o.metadata.creationTimestamp)] },
    { group: g, versions: ['v1'], resource: 'clusterroles', singular: 'clusterrole', kind: 'ClusterRole', model: 'V1ClusterRole', namespaced: false, builtin: true, verbs: ALL_VERBS, columns: [nameCol, col('Created At', (o) => o.metadata.creationTimestamp)] },
    { group: g, versions: ['v1'], resource: 'rolebindings', singular: 'rolebinding', kind: 'RoleBinding', model: 'V1RoleBinding', namespaced: true, builtin: true, verbs: ALL_VERBS, columns: [nameCol, col('Role', roleRef), ageCol] },
    { group: g, versions: ['v1'], resource: 'clusterrolebindings', singular: 'clusterrolebinding', kind: 'ClusterRoleBinding', model: 'V1ClusterRoleBinding', namespaced: false, builtin: true, verbs: ALL_VERBS, columns: [nameCol, col('Role', roleRef), ageCol] },
  ];
}
