import { ageCol, col, condition, nameCol, pathCol } from './columns';
import { ALL_VERBS, CREATE_ONLY, type KindDef } from './types';

const KV = 'kubevirt.io';
const kv = (definition: string) => ({ file: 'kubevirt' as const, definition });
const cdi = (definition: string) => ({ file: 'cdi' as const, definition });

const snapshotCols = [
  pathCol('ReadyToUse', 'status.readyToUse', { type: 'boolean' }),
  pathCol('CreationTime', 'status.creationTime', { type: 'date' }),
  pathCol('Error', 'status.error.message'),
];

/** KubeVirt, CDI and Multus kinds, with the printer columns of their CRDs (KubeVirt crds.go). */
export const KUBEVIRT_KINDS: KindDef[] = [
  {
    group: KV, versions: ['v1', 'v1alpha3'], resource: 'virtualmachines', singular: 'virtualmachine', kind: 'VirtualMachine',
    namespaced: true, shortNames: ['vm', 'vms'], categories: ['all'], status: true, builtin: false, verbs: ALL_VERBS,
    columns: [nameCol, ageCol, pathCol('Status', 'status.printableStatus'), col('Ready', (o) => condition(o, 'Ready'))],
    swagger: kv('v1.VirtualMachine'), fieldSelectors: ['status.printableStatus'],
  },
  {
    group: KV, versions: ['v1', 'v1alpha3'], resource: 'virtualmachineinstances', singular: 'virtualmachineinstance',
    kind: 'VirtualMachineInstance', namespaced: true, shortNames: ['vmi', 'vmis'], categories: ['all'], status: true, builtin: false,
    verbs: ALL_VERBS,
    columns: [
      nameCol, ageCol, pathCol('Phase', 'status.phase'), col('IP', (o) => o.status?.interfaces?.[0]?.ipAddress),
      pathCol('NodeName', 'status.nodeName'), col('Ready', (o) => condition(o, 'Ready')),
      col('Live-Migratable', (o) => condition(o, 'LiveMigratable'), { priority: 1 }), col('Paused', (o) => condition(o, 'Paused'), { priority: 1 }),
    ],
    swagger: kv('v1.VirtualMachineInstance'), fieldSelectors: ['status.phase', 'status.nodeName'],
  },
  {
    group: KV, versions: ['v1', 'v1alpha3'], resource: 'virtualmachineinstancemigrations', singular: 'virtualmachineinstancemigration',
    kind: 'VirtualMachineInstanceMigration', namespaced: true, shortNames: ['vmim', 'vmims'], categories: ['all'], status: true,
    builtin: false, verbs: ALL_VERBS,
    columns: [nameCol, pathCol('Phase', 'status.phase'), pathCol('VMI', 'spec.vmiName'), ageCol],
    swagger: kv('v1.VirtualMachineInstanceMigration'), fieldSelectors: ['status.phase', 'spec.vmiName'],
  },
  {
    group: KV, versions: ['v1', 'v1alpha3'], resource: 'virtualmachineinstancereplicasets', singular: 'virtualmachineinstancereplicaset',
    kind: 'VirtualMachineInstanceReplicaSet', namespaced: true, shortNames: ['vmirs', 'vmirss'], categories: ['all'], status: true, scale: true,
    builtin: false, verbs: ALL_VERBS,
    columns: [
      nameCol, pathCol('Desired', 'spec.replicas', { type: 'integer' }), pathCol('Current', 'status.replicas', { type: 'integer' }),
      pathCol('Ready', 'status.readyReplicas', { type: 'integer' }), ageCol,
    ],
    swagger: kv('v1.VirtualMachineInstanceReplicaSet'),
  },
  {
    group: KV, versions: ['v1', 'v1alpha3'], resource: 'kubevirts', singular: 'kubevirt', kind: 'KubeVirt', namespaced: true,
    shortNames: ['kv', 'kvs'], categories: ['all'], status: true, builtin: false, verbs: ALL_VERBS,
    columns: [nameCol, ageCol, pathCol('Phase', 'status.phase')], swagger: kv('v1.KubeVirt'),
  },
  {
    group: 'pool.kubevirt.io', versions: ['v1beta1', 'v1alpha1'], resource: 'virtualmachinepools', singular: 'virtualmachinepool',
    kind: 'VirtualMachinePool', namespaced: true, shortNames: ['vmpool', 'vmpools'], categories: ['all'], status: true, scale: true, builtin: false,
    verbs: ALL_VERBS,
    columns: [
      nameCol, pathCol('Desired', 'spec.replicas', { type: 'integer' }), pathCol('Current', 'status.replicas', { type: 'integer' }),
      pathCol('Ready', 'status.readyReplicas', { type: 'integer' }), ageCol,
    ],
    swagger: kv('v1beta1.VirtualMachinePool'),
  },
  {
    group: 'migrations.kubevirt.io', versions: ['v1alpha1'], resource: 'migrationpolicies', singular: 'migrationpolicy', kind: 'MigrationPolicy',
    namespaced: false, categories: ['all'], status: true, builtin: false, verbs: ALL_VERBS, columns: [nameCol, ageCol],
    swagger: kv('v1alpha1.MigrationPolicy'),
  },
  ...snapshotKinds(),
  ...instancetypeKinds(),
  ...cdiKinds(),
  {
    group: 'k8s.cni.cncf.io', versions: ['v1'], resource: 'network-attachment-definitions', singular: 'network-attachment-definition',
    kind: 'NetworkAttachmentDefinition', namespaced: true, shortNames: ['net-attach-def'], builtin: false, verbs: ALL_VERBS,
    columns: [nameCol, ageCol], swagger: { file: 'nad', definition: 'NetworkAttachmentDefinition' },
  },
];

function snapshotKinds(): KindDef[] {
  const g = 'snapshot.kubevirt.io';
  const base = { group: g, versions: ['v1beta1', 'v1alpha1'], namespaced: true, categories: ['all'], status: true, builtin: false, verbs: ALL_VERBS };
  return [
    {
      ...base, resource: 'virtualmachinesnapshots', singular: 'virtualmachinesnapshot', kind: 'VirtualMachineSnapshot', shortNames: ['vmsnapshot', 'vmsnapshots'],
      columns: [nameCol, pathCol('SourceKind', 'spec.source.kind'), pathCol('SourceName', 'spec.source.name'), pathCol('Phase', 'status.phase'), ...snapshotCols],
      swagger: kv('v1beta1.VirtualMachineSnapshot'),
    },
    {
      ...base, resource: 'virtualmachinesnapshotcontents', singular: 'virtualmachinesnapshotcontent', kind: 'VirtualMachineSnapshotContent',
      shortNames: ['vmsnapshotcontent', 'vmsnapshotcontents'], columns: [nameCol, ...snapshotCols], swagger: kv('v1beta1.VirtualMachineSnapshotContent'),
    },
    {
      ...base, resource: 'virtualmachinerestores', singular: 'virtualmachinerestore', kind: 'VirtualMachineRestore', shortNames: ['vmrestore', 'vmrestores'],
      columns: [
        nameCol, pathCol('TargetKind', 'spec.target.kind'), pathCol('TargetName', 'spec.target.name'), pathCol('Complete', 'status.complete', { type: 'boolean' }),
        pathCol('RestoreTime', 'status.restoreTime', { type: 'date' }), pathCol('Error', 'status.error.message'),
      ],
      swagger: kv('v1beta1.VirtualMachineRestore'),
    },
  ];
}

function instancetypeKinds(): KindDef[] {
  const g = 'instancetype.kubevirt.io';
  const base = { group: g, versions: ['v1beta1'], builtin: false, verbs: ALL_VERBS, columns: [nameCol, ageCol] };
  return [
    { ...base, resource: 'virtualmachineinstancetypes', singular: 'virtualmachineinstancetype', kind: 'VirtualMachineInstancetype', namespaced: true, shortNames: ['vmf', 'vmfs'], swagger: kv('v1beta1.VirtualMachineInstancetype') },
    { ...base, resource: 'virtualmachineclusterinstancetypes', singular: 'virtualmachineclusterinstancetype', kind: 'VirtualMachineClusterInstancetype', namespaced: false, shortNames: ['vmcf', 'vmcfs'], swagger: kv('v1beta1.VirtualMachineClusterInstancetype') },
    { ...base, resource: 'virtualmachinepreferences', singular: 'virtualmachinepreference', kind: 'VirtualMachinePreference', namespaced: true, shortNames: ['vmp', 'vmps'], swagger: kv('v1beta1.VirtualMachinePreference') },
    { ...base, resource: 'virtualmachineclusterpreferences', singular: 'virtualmachineclusterpreference', kind: 'VirtualMachineClusterPreference', namespaced: false, shortNames: ['vmcp', 'vmcps'], swagger: kv('v1beta1.VirtualMachineClusterPreference') },
  ];
}

function cdiKinds(): KindDef[] {
  const g = 'cdi.kubevirt.io';
  const base = { group: g, versions: ['v1beta1'], builtin: false, verbs: ALL_VERBS, status: true };
  return [
    {
      ...base, resource: 'datavolumes', singular: 'datavolume', kind: 'DataVolume', namespaced: true, shortNames: ['dv', 'dvs'], categories: ['all'],
      columns: [nameCol, pathCol('Phase', 'status.phase'), pathCol('Progress', 'status.progress'), pathCol('Restarts', 'status.restartCount', { type: 'integer' }), ageCol],
      swagger: cdi('v1beta1.DataVolume'), fieldSelectors: ['status.phase'],
    },
    { ...base, resource: 'datasources', singular: 'datasource', kind: 'DataSource', namespaced: true, shortNames: ['das'], categories: ['all'], columns: [nameCol, ageCol], swagger: cdi('v1beta1.DataSource') },
    { ...base, resource: 'storageprofiles', singular: 'storageprofile', kind: 'StorageProfile', namespaced: false, categories: ['all'], columns: [nameCol, ageCol] },
    { ...base, resource: 'cdiconfigs', singular: 'cdiconfig', kind: 'CDIConfig', namespaced: false, columns: [nameCol, ageCol], swagger: cdi('v1beta1.CDIConfig') },
    {
      group: 'upload.cdi.kubevirt.io', versions: ['v1beta1'], resource: 'uploadtokenrequests', singular: 'uploadtokenrequest', kind: 'UploadTokenRequest',
      namespaced: true, shortNames: ['utr', 'utrs'], builtin: false, verbs: CREATE_ONLY, columns: [],
    },
  ];
}
