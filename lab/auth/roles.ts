import type { PolicyRule } from './rbac';

const READ = ['get', 'list', 'watch'];
const ALL = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection'];
const KV = 'kubevirt.io';
const SUB = 'subresources.kubevirt.io';
const KV_EXTRA = ['snapshot.kubevirt.io', 'export.kubevirt.io', 'clone.kubevirt.io', 'instancetype.kubevirt.io', 'pool.kubevirt.io'];

const rule = (apiGroups: string[], resources: string[], verbs: string[]): PolicyRule => ({ apiGroups, resources, verbs });

const VIEW_RULES: PolicyRule[] = [
  rule([SUB], ['virtualmachines/expand-spec', 'virtualmachineinstances/guestosinfo', 'virtualmachineinstances/userlist', 'virtualmachineinstances/filesystemlist'], ['get']),
  rule([KV], ['kubevirts', 'virtualmachines', 'virtualmachineinstances', 'virtualmachineinstancepresets', 'virtualmachineinstancereplicasets', 'virtualmachineinstancemigrations'], READ),
  rule(KV_EXTRA, ['*'], READ),
  rule(['migrations.kubevirt.io'], ['migrationpolicies'], READ),
];

const EDIT_RULES: PolicyRule[] = [
  rule([SUB], [
    'virtualmachineinstances/console', 'virtualmachineinstances/vnc', 'virtualmachineinstances/vnc/screenshot', 'virtualmachineinstances/portforward',
    'virtualmachineinstances/guestosinfo', 'virtualmachineinstances/filesystemlist', 'virtualmachineinstances/userlist',
    'virtualmachineinstances/usbredir', 'virtualmachineinstances/vsock', 'virtualmachines/expand-spec', 'virtualmachines/portforward', 'virtualmachines/objectgraph',
  ], ['get']),
  rule([SUB], [
    'virtualmachineinstances/pause', 'virtualmachineinstances/unpause', 'virtualmachineinstances/addvolume', 'virtualmachineinstances/removevolume',
    'virtualmachineinstances/freeze', 'virtualmachineinstances/unfreeze', 'virtualmachineinstances/softreboot', 'virtualmachineinstances/reset',
    'virtualmachines/start', 'virtualmachines/stop', 'virtualmachines/restart', 'virtualmachines/addvolume', 'virtualmachines/removevolume',
    'virtualmachines/memorydump', 'virtualmachines/removememorydump',
  ], ['update']),
  rule([KV], ['virtualmachines', 'virtualmachineinstances', 'virtualmachineinstancepresets', 'virtualmachineinstancereplicasets', 'virtualmachineinstancereplicasets/scale'], ALL),
  rule([KV], ['virtualmachineinstancemigrations', 'kubevirts'], READ),
  rule(KV_EXTRA, ['*'], ALL),
  rule(['migrations.kubevirt.io'], ['migrationpolicies'], READ),
];

const MIGRATE_RULES: PolicyRule[] = [
  rule([SUB], ['virtualmachines/migrate'], ['update']),
  rule([KV], ['virtualmachineinstancemigrations'], ALL),
];

const CDI_VIEW: PolicyRule[] = [
  rule(['cdi.kubevirt.io'], ['datavolumes', 'datasources', 'dataimportcrons', 'cdiconfigs', 'storageprofiles', 'volumeimportsources', 'volumeuploadsources', 'volumeclonesources'], READ),
];

const CDI_EDIT: PolicyRule[] = [
  rule(['cdi.kubevirt.io'], ['datavolumes', 'datasources', 'dataimportcrons', 'volumeimportsources', 'volumeuploadsources', 'volumeclonesources'], ALL),
  rule(['cdi.kubevirt.io'], ['cdiconfigs', 'storageprofiles'], READ),
  rule(['upload.cdi.kubevirt.io'], ['uploadtokenrequests'], ['create']),
];

/** Everything but Secrets, read-only: what `viewer` (and the console's fleet cache) may see. */
const READ_NON_SECRET: PolicyRule[] = [
  rule([''], ['namespaces', 'nodes', 'pods', 'pods/log', 'events', 'persistentvolumeclaims', 'persistentvolumes', 'services', 'configmaps', 'serviceaccounts', 'endpoints'], READ),
  rule([''], ['pods/proxy', 'services/proxy'], ['get']),
  rule(['storage.k8s.io', 'apps', 'events.k8s.io', 'k8s.cni.cncf.io', 'rbac.authorization.k8s.io'], ['*'], READ),
];

/** What `operator` may read beyond VMs: nodes, events, storage, networks (no writes there). */
const OPERATOR_READ: PolicyRule[] = [
  rule([''], ['namespaces', 'nodes', 'pods', 'pods/log', 'events', 'persistentvolumeclaims', 'persistentvolumes', 'services', 'configmaps', 'endpoints'], READ),
  rule([''], ['pods/proxy', 'services/proxy'], ['get']),
  rule([''], ['persistentvolumeclaims'], ['create', 'delete']),
  rule(['storage.k8s.io', 'events.k8s.io', 'k8s.cni.cncf.io'], ['*'], READ),
];

/** Operators run the site's networks: NetworkAttachmentDefinitions (as a network admin would). */
const NETWORK_EDIT: PolicyRule[] = [rule(['k8s.cni.cncf.io'], ['network-attachment-definitions'], ALL)];

const IMPERSONATE: PolicyRule[] = [
  rule([''], ['users', 'groups', 'serviceaccounts'], ['impersonate']),
  rule(['authentication.k8s.io'], ['uids', 'userextras/*'], ['impersonate']),
];

/** The ClusterRoles the lab seeds, by name (upstream names where upstream has them). */
export const CLUSTER_ROLES: Record<string, { rules: PolicyRule[]; labels?: Record<string, string> }> = {
  'cluster-admin': { rules: [rule(['*'], ['*'], ['*']), { nonResourceURLs: ['*'], verbs: ['*'] }] },
  'system:basic-user': {
    rules: [
      rule(['authorization.k8s.io'], ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'], ['create']),
      rule(['authentication.k8s.io'], ['selfsubjectreviews'], ['create']),
    ],
  },
  'system:discovery': {
    rules: [{ nonResourceURLs: ['/api', '/api/*', '/apis', '/apis/*', '/healthz', '/livez', '/readyz', '/version', '/version/', '/openapi', '/openapi/*'], verbs: ['get'] }],
  },
  'kubevirt.io:view': { rules: VIEW_RULES, labels: { 'rbac.authorization.k8s.io/aggregate-to-view': 'true' } },
  'kubevirt.io:edit': { rules: EDIT_RULES, labels: { 'rbac.authorization.k8s.io/aggregate-to-edit': 'true' } },
  'kubevirt.io:admin': { rules: EDIT_RULES, labels: { 'rbac.authorization.k8s.io/aggregate-to-admin': 'true' } },
  'kubevirt.io:migrate': { rules: MIGRATE_RULES },
  'cdi.kubevirt.io:view': { rules: CDI_VIEW, labels: { 'rbac.authorization.k8s.io/aggregate-to-view': 'true' } },
  'cdi.kubevirt.io:edit': { rules: CDI_EDIT, labels: { 'rbac.authorization.k8s.io/aggregate-to-edit': 'true' } },
  'cdi.kubevirt.io:admin': { rules: CDI_EDIT, labels: { 'rbac.authorization.k8s.io/aggregate-to-admin': 'true' } },
  'edgevirt:read-non-secret': { rules: READ_NON_SECRET },
  'edgevirt:operator-read': { rules: OPERATOR_READ },
  'edgevirt:network-edit': { rules: NETWORK_EDIT },
  'edgevirt:impersonator': { rules: IMPERSONATE },
};

/** ClusterRoleBindings the lab seeds: binding name → role and subjects. */
export const CLUSTER_ROLE_BINDINGS: Record<string, { role: string; subjects: { kind: string; name: string; namespace?: string }[] }> = {
  'cluster-admin': { role: 'cluster-admin', subjects: [{ kind: 'Group', name: 'system:masters' }] },
  'edgevirt:admin': { role: 'cluster-admin', subjects: [{ kind: 'User', name: 'admin' }] },
  'system:basic-user': { role: 'system:basic-user', subjects: [{ kind: 'Group', name: 'system:authenticated' }] },
  'system:discovery': { role: 'system:discovery', subjects: [{ kind: 'Group', name: 'system:authenticated' }] },
  ...forSubjects('operator', 'edgevirt:operators', ['kubevirt.io:edit', 'kubevirt.io:migrate', 'cdi.kubevirt.io:edit', 'edgevirt:operator-read', 'edgevirt:network-edit']),
  ...forSubjects('viewer', 'edgevirt:viewers', ['kubevirt.io:view', 'cdi.kubevirt.io:view', 'edgevirt:read-non-secret']),
  'edgevirt:console:impersonator': { role: 'edgevirt:impersonator', subjects: [{ kind: 'ServiceAccount', name: 'edgevirt-console', namespace: 'kube-system' }] },
  'edgevirt:console:read': { role: 'edgevirt:read-non-secret', subjects: [{ kind: 'ServiceAccount', name: 'edgevirt-console', namespace: 'kube-system' }] },
  'edgevirt:console:kubevirt-view': { role: 'kubevirt.io:view', subjects: [{ kind: 'ServiceAccount', name: 'edgevirt-console', namespace: 'kube-system' }] },
  'edgevirt:console:cdi-view': { role: 'cdi.kubevirt.io:view', subjects: [{ kind: 'ServiceAccount', name: 'edgevirt-console', namespace: 'kube-system' }] },
};

function forSubjects(user: string, group: string, roles: string[]) {
  const out: Record<string, { role: string; subjects: { kind: string; name: string }[] }> = {};
  for (const role of roles) {
    out[`edgevirt:${user}:${role}`] = { role, subjects: [{ kind: 'User', name: user }, { kind: 'Group', name: group }] };
  }
  return out;
}
