import { KINDS, KUBEVIRT_SUBRESOURCES, SUBRESOURCE_GROUP, SUBRESOURCE_VERSIONS, kindsIn, servedGroups, type KindDef } from '../kinds/registry';

const STATUS_VERBS = ['get', 'patch', 'update'];

/** Kubernetes version the lab reports; kubectl's dispatcher picks its binary by `minor`. */
export const VERSION_INFO = {
  major: '1',
  minor: '32',
  gitVersion: 'v1.32.4-edgevirt-lab',
  gitCommit: '0000000000000000000000000000000000000000',
  gitTreeState: 'clean',
  buildDate: '2026-01-01T00:00:00Z',
  goVersion: 'go1.23.6',
  compiler: 'gc',
  platform: 'linux/amd64',
};

function groupVersions() {
  const groups = servedGroups().filter((g) => g.name !== '');
  groups.push({ name: SUBRESOURCE_GROUP, versions: SUBRESOURCE_VERSIONS });
  return groups;
}

/** Legacy `/api`. */
export function apiVersions(host: string) {
  return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: host }] };
}

function apiGroup(name: string, versions: string[]) {
  const list = versions.map((v) => ({ groupVersion: `${name}/${v}`, version: v }));
  return { name, versions: list, preferredVersion: list[0] };
}

/** Legacy `/apis`. */
export function apiGroupList() {
  return { kind: 'APIGroupList', apiVersion: 'v1', groups: groupVersions().map((g) => apiGroup(g.name, g.versions)) };
}

/** Legacy `/apis/<group>`, or undefined for an unknown group. */
export function apiGroupDoc(group: string) {
  const g = groupVersions().find((x) => x.name === group);
  return g ? { kind: 'APIGroup', apiVersion: 'v1', ...apiGroup(g.name, g.versions) } : undefined;
}

function legacyResources(def: KindDef) {
  const main = {
    name: def.resource, singularName: def.singular, namespaced: def.namespaced, kind: def.kind, verbs: def.verbs,
    ...(def.shortNames ? { shortNames: def.shortNames } : {}), ...(def.categories ? { categories: def.categories } : {}),
  };
  const status = def.status ? [{ name: `${def.resource}/status`, singularName: '', namespaced: def.namespaced, kind: def.kind, verbs: STATUS_VERBS }] : [];
  const scale = def.scale ? [{ name: `${def.resource}/scale`, singularName: '', namespaced: def.namespaced, group: 'autoscaling', version: 'v1', kind: 'Scale', verbs: STATUS_VERBS }] : [];
  const extra = (def.extraSubresources ?? []).map((x) => ({ name: `${def.resource}/${x.name}`, singularName: '', namespaced: def.namespaced, group: x.group, version: x.version, kind: x.kind, verbs: x.verbs }));
  return [main, ...status, ...scale, ...extra];
}

function subresourceDefs(version: string) {
  const out: { name: string; singularName: string; namespaced: boolean; kind: string; verbs: string[] }[] = [];
  for (const [resource, subs] of Object.entries(KUBEVIRT_SUBRESOURCES)) {
    const kind = resource === 'virtualmachines' ? 'VirtualMachine' : 'VirtualMachineInstance';
    for (const s of subs) out.push({ name: `${resource}/${s.name}`, singularName: '', namespaced: true, kind, verbs: [s.verb === 'update' ? 'update' : 'get'] });
  }
  void version;
  return out;
}

/** Legacy `/api/v1` and `/apis/<group>/<version>` (APIResourceList). */
export function apiResourceList(group: string, version: string) {
  const groupVersion = group ? `${group}/${version}` : version;
  if (group === SUBRESOURCE_GROUP) {
    return SUBRESOURCE_VERSIONS.includes(version) ? { kind: 'APIResourceList', apiVersion: 'v1', groupVersion, resources: subresourceDefs(version) } : undefined;
  }
  const kinds = kindsIn(group, version);
  if (!kinds.length) return undefined;
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion, resources: kinds.flatMap(legacyResources) };
}

function aggregatedResource(def: KindDef, version: string) {
  const responseKind = { group: def.group, version, kind: def.kind };
  return {
    resource: def.resource, singularResource: def.singular, scope: def.namespaced ? 'Namespaced' : 'Cluster', responseKind, verbs: def.verbs,
    ...(def.shortNames ? { shortNames: def.shortNames } : {}), ...(def.categories ? { categories: def.categories } : {}),
    ...(def.status || def.scale || def.extraSubresources ? {
      subresources: [
        ...(def.status ? [{ subresource: 'status', responseKind, verbs: STATUS_VERBS }] : []),
        ...(def.scale ? [{ subresource: 'scale', responseKind: { group: 'autoscaling', version: 'v1', kind: 'Scale' }, verbs: STATUS_VERBS }] : []),
        ...(def.extraSubresources ?? []).map((x) => ({ subresource: x.name, responseKind: { group: x.group, version: x.version, kind: x.kind }, verbs: x.verbs })),
      ],
    } : {}),
  };
}

function aggregatedSubresourceGroup() {
  const versions = SUBRESOURCE_VERSIONS.map((version) => ({
    version,
    freshness: 'Current',
    resources: Object.entries(KUBEVIRT_SUBRESOURCES).map(([resource, subs]) => {
      const kind = resource === 'virtualmachines' ? 'VirtualMachine' : 'VirtualMachineInstance';
      const responseKind = { group: 'kubevirt.io', version: 'v1', kind };
      return {
        resource, singularResource: resource.slice(0, -1), scope: 'Namespaced', responseKind, verbs: [],
        subresources: subs.map((s) => ({ subresource: s.name, responseKind, verbs: [s.verb] })),
      };
    }),
  }));
  return { metadata: { name: SUBRESOURCE_GROUP }, versions };
}

/** Aggregated discovery for `/api` (core only) or `/apis` (every named group). */
export function aggregatedDiscoveryDoc(core: boolean, version: 'v2' | 'v2beta1') {
  const groups = core ? [{ name: '', versions: ['v1'] }] : servedGroups().filter((g) => g.name !== '');
  const items: unknown[] = groups.map((g) => ({
    metadata: { name: g.name },
    versions: g.versions.map((v) => ({
      version: v,
      freshness: 'Current',
      resources: KINDS.filter((k) => k.group === g.name && k.versions.includes(v)).map((k) => aggregatedResource(k, v)),
    })),
  }));
  if (!core) items.push(aggregatedSubresourceGroup());
  return { kind: 'APIGroupDiscoveryList', apiVersion: `apidiscovery.k8s.io/${version}`, metadata: {}, items };
}

export function aggregatedContentType(version: 'v2' | 'v2beta1'): string {
  return `application/json;g=apidiscovery.k8s.io;v=${version};as=APIGroupDiscoveryList`;
}
