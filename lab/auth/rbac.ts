import type { UserInfo } from '../apiserver/extensions';
import type { ObjectStore } from '../store/object-store';
import type { KubeObject } from '../store/types';
import { matchLabelSelector, type LabelSelector } from '../apiserver/selectors';

/** A request as the authorizer sees it (kube-apiserver's authorizer.Attributes). */
export interface Attributes {
  verb: string;
  /** Resource requests. */
  group?: string;
  resource?: string;
  subresource?: string;
  namespace?: string;
  name?: string;
  /** Non-resource requests, e.g. `/version`. */
  path?: string;
}

export interface PolicyRule {
  verbs?: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

export interface Decision {
  allowed: boolean;
  reason: string;
}

interface Subject {
  kind: string;
  name: string;
  namespace?: string;
}

interface RoleRef {
  kind: string;
  name: string;
}

const RBAC = { group: 'rbac.authorization.k8s.io' };
const CLUSTER_ROLES = { ...RBAC, resource: 'clusterroles' };
const CLUSTER_BINDINGS = { ...RBAC, resource: 'clusterrolebindings' };
const ROLES = { ...RBAC, resource: 'roles' };
const BINDINGS = { ...RBAC, resource: 'rolebindings' };

function has(list: string[] | undefined, value: string): boolean {
  return !!list && (list.includes('*') || list.includes(value));
}

function resourceMatches(rule: PolicyRule, a: Attributes): boolean {
  const list = rule.resources ?? [];
  const full = a.subresource ? `${a.resource}/${a.subresource}` : (a.resource ?? '');
  if (list.includes('*') || list.includes(full)) return true;
  return !!a.subresource && list.includes(`*/${a.subresource}`);
}

function urlMatches(rule: PolicyRule, path: string): boolean {
  return (rule.nonResourceURLs ?? []).some((u) => u === '*' || u === path || (u.endsWith('*') && path.startsWith(u.slice(0, -1))));
}

/** Does one rule allow the request? (rbac/v1 RuleAllows) */
export function ruleAllows(rule: PolicyRule, a: Attributes): boolean {
  if (!has(rule.verbs, a.verb)) return false;
  if (a.path !== undefined) return urlMatches(rule, a.path);
  if (!has(rule.apiGroups, a.group ?? '')) return false;
  if (!resourceMatches(rule, a)) return false;
  const names = rule.resourceNames ?? [];
  return names.length === 0 || (!!a.name && names.includes(a.name));
}

function subjectMatches(s: Subject, user: UserInfo, bindingNs: string | undefined): boolean {
  if (s.kind === 'User') return s.name === user.username;
  if (s.kind === 'Group') return user.groups.includes(s.name);
  if (s.kind === 'ServiceAccount') {
    const ns = s.namespace || bindingNs || '';
    return user.username === `system:serviceaccount:${ns}:${s.name}`;
  }
  return false;
}

/** Rules of a ClusterRole, including those aggregated into it by label selectors. */
export function clusterRoleRules(store: ObjectStore, role: KubeObject): PolicyRule[] {
  const rules = [...((role.rules ?? []) as PolicyRule[])];
  const selectors = ((role.aggregationRule as { clusterRoleSelectors?: LabelSelector[] } | undefined)?.clusterRoleSelectors ?? []);
  if (!selectors.length) return rules;
  for (const other of store.listShared(CLUSTER_ROLES)) {
    if (other.metadata.name === role.metadata.name) continue;
    if (selectors.some((s) => matchLabelSelector(s, other.metadata.labels ?? {}))) rules.push(...((other.rules ?? []) as PolicyRule[]));
  }
  return rules;
}

function roleRules(store: ObjectStore, ref: RoleRef, ns: string | undefined): PolicyRule[] {
  if (ref.kind === 'ClusterRole') {
    const role = store.peek(CLUSTER_ROLES, undefined, ref.name);
    return role ? clusterRoleRules(store, role) : [];
  }
  const role = ns === undefined ? undefined : store.peek(ROLES, ns, ref.name);
  return (role?.rules ?? []) as PolicyRule[];
}

/** Every (binding, rules) pair that applies to the user in a namespace (or cluster-wide only). */
export function applicableRules(store: ObjectStore, user: UserInfo, namespace: string | undefined): { via: string; rules: PolicyRule[] }[] {
  const out: { via: string; rules: PolicyRule[] }[] = [];
  for (const b of store.listShared(CLUSTER_BINDINGS)) {
    if (!((b.subjects ?? []) as Subject[]).some((s) => subjectMatches(s, user, undefined))) continue;
    const ref = b.roleRef as RoleRef;
    out.push({ via: `ClusterRoleBinding "${b.metadata.name}" of ClusterRole "${ref.name}"`, rules: roleRules(store, ref, undefined) });
  }
  if (namespace) {
    for (const b of store.listShared(BINDINGS, namespace)) {
      if (!((b.subjects ?? []) as Subject[]).some((s) => subjectMatches(s, user, namespace))) continue;
      const ref = b.roleRef as RoleRef;
      out.push({ via: `RoleBinding "${b.metadata.name}/${namespace}" of ${ref.kind} "${ref.name}"`, rules: roleRules(store, ref, namespace) });
    }
  }
  return out;
}

/** kube-apiserver's RBAC authorizer over the roles and bindings in the store. */
export function authorize(store: ObjectStore, user: UserInfo, a: Attributes): Decision {
  for (const { via, rules } of applicableRules(store, user, a.path === undefined ? a.namespace : undefined)) {
    if (rules.some((r) => ruleAllows(r, a))) return { allowed: true, reason: `RBAC: allowed by ${via} to User "${user.username}"` };
  }
  return { allowed: false, reason: '' };
}

/** The Forbidden message kube-apiserver writes for a denied request. */
export function forbiddenMessage(user: UserInfo, a: Attributes): string {
  if (a.path !== undefined) return `forbidden: User "${user.username}" cannot ${a.verb} path "${a.path}"`;
  const qualified = a.group ? `${a.resource}.${a.group}` : `${a.resource}`;
  const head = a.name ? `${qualified} "${a.name}" is forbidden` : `${qualified} is forbidden`;
  const res = a.subresource ? `${a.resource}/${a.subresource}` : a.resource;
  const scope = a.namespace ? `in the namespace "${a.namespace}"` : 'at the cluster scope';
  return `${head}: User "${user.username}" cannot ${a.verb} resource "${res}" in API group "${a.group ?? ''}" ${scope}`;
}
