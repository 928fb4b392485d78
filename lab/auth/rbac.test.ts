import { describe, expect, it } from 'vitest';
import type { UserInfo } from '../apiserver/extensions';
import { ObjectStore } from '../store/object-store';
import { IDENTITIES } from './identities';
import { impersonate } from './impersonation';
import { authorize, forbiddenMessage, ruleAllows } from './rbac';
import { seedRbac } from './seed';

const RBAC = 'rbac.authorization.k8s.io';
const user = (username: string, groups: string[] = ['system:authenticated']): UserInfo => ({ username, groups });

function store(): ObjectStore {
  const s = new ObjectStore();
  s.create({ group: '', resource: 'namespaces' }, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'kube-system' } });
  seedRbac(s);
  return s;
}

describe('rule matching', () => {
  it('matches verbs, groups, resources, subresources, names and wildcards', () => {
    const rule = { verbs: ['get'], apiGroups: ['kubevirt.io'], resources: ['virtualmachines'], resourceNames: ['vm1'] };
    expect(ruleAllows(rule, { verb: 'get', group: 'kubevirt.io', resource: 'virtualmachines', name: 'vm1' })).toBe(true);
    expect(ruleAllows(rule, { verb: 'get', group: 'kubevirt.io', resource: 'virtualmachines', name: 'vm2' })).toBe(false);
    expect(ruleAllows(rule, { verb: 'list', group: 'kubevirt.io', resource: 'virtualmachines' })).toBe(false);
    expect(ruleAllows(rule, { verb: 'get', group: 'kubevirt.io', resource: 'virtualmachines', subresource: 'status', name: 'vm1' })).toBe(false);
    const sub = { verbs: ['update'], apiGroups: ['subresources.kubevirt.io'], resources: ['virtualmachines/start'] };
    expect(ruleAllows(sub, { verb: 'update', group: 'subresources.kubevirt.io', resource: 'virtualmachines', subresource: 'start' })).toBe(true);
    expect(ruleAllows(sub, { verb: 'update', group: 'subresources.kubevirt.io', resource: 'virtualmachines', subresource: 'stop' })).toBe(false);
    expect(ruleAllows({ verbs: ['*'], apiGroups: ['*'], resources: ['*/status'] }, { verb: 'patch', group: 'x', resource: 'y', subresource: 'status' })).toBe(true);
    expect(ruleAllows({ verbs: ['get'], nonResourceURLs: ['/apis/*'] }, { verb: 'get', path: '/apis/kubevirt.io/v1' })).toBe(true);
    expect(ruleAllows({ verbs: ['get'], nonResourceURLs: ['/api'] }, { verb: 'get', path: '/apis' })).toBe(false);
  });
});

describe('authorization from stored roles and bindings', () => {
  it('gives the seeded identities their roles', () => {
    const s = store();
    const can = (u: UserInfo, verb: string, group: string, resource: string, subresource?: string) =>
      authorize(s, u, { verb, group, resource, subresource, namespace: 'default' }).allowed;
    expect(can(IDENTITIES.admin, 'delete', 'rbac.authorization.k8s.io', 'clusterroles')).toBe(true);
    expect(can(IDENTITIES.operator, 'update', 'subresources.kubevirt.io', 'virtualmachines', 'migrate')).toBe(true);
    expect(can(IDENTITIES.operator, 'update', '', 'nodes')).toBe(false);
    expect(can(IDENTITIES.operator, 'create', RBAC, 'rolebindings')).toBe(false);
    expect(can(IDENTITIES.viewer, 'get', 'kubevirt.io', 'virtualmachines')).toBe(true);
    expect(can(IDENTITIES.viewer, 'get', '', 'secrets')).toBe(false);
    expect(can(IDENTITIES.viewer, 'get', 'subresources.kubevirt.io', 'virtualmachineinstances', 'vnc')).toBe(false);
    expect(authorize(s, user('nobody'), { verb: 'get', path: '/version' }).allowed).toBe(true);
    expect(authorize(s, user('nobody'), { verb: 'get', group: '', resource: 'pods', namespace: 'default' }).allowed).toBe(false);
  });

  it('evaluates RoleBindings per namespace, ServiceAccount subjects and aggregated ClusterRoles', () => {
    const s = store();
    s.create({ group: RBAC, resource: 'roles' }, { apiVersion: `${RBAC}/v1`, kind: 'Role', metadata: { name: 'r', namespace: 'team' }, rules: [{ verbs: ['list'], apiGroups: [''], resources: ['pods'] }] });
    s.create({ group: RBAC, resource: 'rolebindings' }, {
      apiVersion: `${RBAC}/v1`, kind: 'RoleBinding', metadata: { name: 'b', namespace: 'team' },
      roleRef: { apiGroup: RBAC, kind: 'Role', name: 'r' }, subjects: [{ kind: 'ServiceAccount', name: 'bot' }],
    });
    const bot = user('system:serviceaccount:team:bot');
    expect(authorize(s, bot, { verb: 'list', group: '', resource: 'pods', namespace: 'team' }).allowed).toBe(true);
    expect(authorize(s, bot, { verb: 'list', group: '', resource: 'pods', namespace: 'other' }).allowed).toBe(false);
    expect(authorize(s, user('system:serviceaccount:other:bot'), { verb: 'list', group: '', resource: 'pods', namespace: 'team' }).allowed).toBe(false);

    s.create({ group: RBAC, resource: 'clusterroles' }, {
      apiVersion: `${RBAC}/v1`, kind: 'ClusterRole', metadata: { name: 'agg' }, rules: [],
      aggregationRule: { clusterRoleSelectors: [{ matchLabels: { 'rbac.authorization.k8s.io/aggregate-to-view': 'true' } }] },
    });
    s.create({ group: RBAC, resource: 'clusterrolebindings' }, {
      apiVersion: `${RBAC}/v1`, kind: 'ClusterRoleBinding', metadata: { name: 'agg' },
      roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: 'agg' }, subjects: [{ kind: 'Group', apiGroup: RBAC, name: 'auditors' }],
    });
    const auditor = user('carol', ['auditors']);
    expect(authorize(s, auditor, { verb: 'list', group: 'kubevirt.io', resource: 'virtualmachines', namespace: 'x' }).allowed).toBe(true);
    expect(authorize(s, auditor, { verb: 'delete', group: 'kubevirt.io', resource: 'virtualmachines', namespace: 'x' }).allowed).toBe(false);
  });

  it('writes the apiserver Forbidden message', () => {
    expect(forbiddenMessage(user('viewer'), { verb: 'create', group: 'kubevirt.io', resource: 'virtualmachines', namespace: 'default' }))
      .toBe('virtualmachines.kubevirt.io is forbidden: User "viewer" cannot create resource "virtualmachines" in API group "kubevirt.io" in the namespace "default"');
    expect(forbiddenMessage(user('v'), { verb: 'update', group: 'subresources.kubevirt.io', resource: 'virtualmachines', subresource: 'start', name: 'vm1', namespace: 'ns' }))
      .toBe('virtualmachines.subresources.kubevirt.io "vm1" is forbidden: User "v" cannot update resource "virtualmachines/start" in API group "subresources.kubevirt.io" in the namespace "ns"');
  });
});

describe('impersonation', () => {
  const headers = (pairs: [string, string][]) => ({
    headers: Object.fromEntries(pairs.map(([k, v]) => [k.toLowerCase(), v])),
    raw: pairs.flat(),
  });
  it('lets the console identity impersonate a user with several groups', () => {
    const s = store();
    const h = headers([['Impersonate-User', 'alice'], ['Impersonate-Group', 'a, b'], ['Impersonate-Group', 'c'], ['Impersonate-Uid', 'u1']]);
    const out = impersonate(s, IDENTITIES.console, h.headers, h.raw);
    expect(out).toEqual({ username: 'alice', uid: 'u1', groups: ['a, b', 'c', 'system:authenticated'] });
  });
  it('refuses users without the impersonate verb, and groups without a user', () => {
    const s = store();
    const h = headers([['Impersonate-User', 'admin']]);
    expect(() => impersonate(s, IDENTITIES.operator, h.headers, h.raw)).toThrow(/cannot impersonate resource "users"/);
    const g = headers([['Impersonate-Group', 'x']]);
    expect(() => impersonate(s, IDENTITIES.admin, g.headers, g.raw)).toThrow(expect.objectContaining({ code: 400 }));
  });
});
