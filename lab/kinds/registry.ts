import { CORE_KINDS } from './core-kinds';
import { KUBEVIRT_KINDS } from './kubevirt-kinds';
import { NETWORK_KINDS } from './network-kinds';
import type { KindDef } from './types';

export type { KindDef, SwaggerRef } from './types';

/** Every kind the lab serves, in discovery order. */
export const KINDS: readonly KindDef[] = [...CORE_KINDS, ...NETWORK_KINDS, ...KUBEVIRT_KINDS];

const byGroupResource = new Map<string, KindDef>(KINDS.map((k) => [`${k.group}/${k.resource}`, k]));

/** The kind served at `/apis/<group>/<version>/<resource>`, if that version is served. */
export function findKind(group: string, version: string, resource: string): KindDef | undefined {
  const def = byGroupResource.get(`${group}/${resource}`);
  return def && def.versions.includes(version) ? def : undefined;
}

/** `group/version`, or just `version` for the core group. */
export function apiVersionOf(group: string, version: string): string {
  return group ? `${group}/${version}` : version;
}

/** Groups in discovery order with their versions, preferred first. */
export function servedGroups(): { name: string; versions: string[] }[] {
  const out = new Map<string, string[]>();
  for (const k of KINDS) {
    const list = out.get(k.group) ?? [];
    for (const v of k.versions) if (!list.includes(v)) list.push(v);
    out.set(k.group, list);
  }
  return [...out].map(([name, versions]) => ({ name, versions }));
}

/** Kinds served in one group/version. */
export function kindsIn(group: string, version: string): KindDef[] {
  return KINDS.filter((k) => k.group === group && k.versions.includes(version));
}

/** KubeVirt's aggregated subresource API. */
export const SUBRESOURCE_GROUP = 'subresources.kubevirt.io';
export const SUBRESOURCE_VERSIONS = ['v1', 'v1alpha3'];

/** Subresources virt-api serves per resource, with the verb RBAC checks (PUT → update, GET → get). */
export const KUBEVIRT_SUBRESOURCES: Record<'virtualmachines' | 'virtualmachineinstances', { name: string; verb: 'update' | 'get' }[]> = {
  virtualmachines: [
    ...['start', 'stop', 'restart', 'migrate', 'addvolume', 'removevolume', 'memorydump', 'removememorydump', 'evacuate/cancel'].map((name) => ({ name, verb: 'update' as const })),
    ...['expand-spec', 'objectgraph', 'portforward'].map((name) => ({ name, verb: 'get' as const })),
  ],
  virtualmachineinstances: [
    ...['pause', 'unpause', 'softreboot', 'reset', 'freeze', 'unfreeze', 'addvolume', 'removevolume', 'evacuate/cancel', 'backup', 'redefine-checkpoint'].map((name) => ({ name, verb: 'update' as const })),
    ...['console', 'vnc', 'vnc/screenshot', 'guestosinfo', 'userlist', 'filesystemlist', 'portforward', 'usbredir', 'vsock', 'sev/fetchcertchain', 'sev/querylaunchmeasurement'].map((name) => ({ name, verb: 'get' as const })),
  ],
};
