import type { ObjectStore } from '../store/object-store';
import { CLUSTER_ROLE_BINDINGS, CLUSTER_ROLES } from './roles';

const RBAC = 'rbac.authorization.k8s.io';
const BOOTSTRAP = { 'kubernetes.io/bootstrapping': 'rbac-defaults' };

/** Creates the lab's ClusterRoles and ClusterRoleBindings that are missing (existing ones are kept). */
export function seedRbac(store: ObjectStore): void {
  const roles = { group: RBAC, resource: 'clusterroles' };
  for (const [name, role] of Object.entries(CLUSTER_ROLES)) {
    if (store.get(roles, undefined, name)) continue;
    store.create(roles, {
      apiVersion: `${RBAC}/v1`, kind: 'ClusterRole',
      metadata: { name, labels: { ...BOOTSTRAP, ...(role.labels ?? {}) }, annotations: { 'rbac.authorization.kubernetes.io/autoupdate': 'true' } },
      rules: role.rules,
    });
  }
  const bindings = { group: RBAC, resource: 'clusterrolebindings' };
  for (const [name, b] of Object.entries(CLUSTER_ROLE_BINDINGS)) {
    if (store.get(bindings, undefined, name)) continue;
    store.create(bindings, {
      apiVersion: `${RBAC}/v1`, kind: 'ClusterRoleBinding', metadata: { name, labels: BOOTSTRAP },
      roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: b.role },
      subjects: b.subjects.map((s) => (s.kind === 'ServiceAccount' ? s : { apiGroup: RBAC, ...s })),
    });
  }
  const sa = { group: '', resource: 'serviceaccounts' };
  if (store.get({ group: '', resource: 'namespaces' }, undefined, 'kube-system') && !store.get(sa, 'kube-system', 'edgevirt-console')) {
    store.create(sa, { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'edgevirt-console', namespace: 'kube-system' } });
  }
}
