import { apiPath, queryString, sitePath } from '../k8s/api-path';

/** The two console kinds a VMI offers. */
export type ConsoleKind = 'vnc' | 'serial';

export interface VmRef {
  site: string;
  namespace: string;
  name: string;
}

const VMI = { group: 'subresources.kubevirt.io', version: 'v1', resource: 'virtualmachineinstances' };
const enc = encodeURIComponent;

/**
 * Same-origin path of the VNC websocket through the BFF bridge. `preserveSession: true` makes
 * the cluster refuse (503) instead of kicking another viewer; false takes the session over.
 */
export function vncSocketPath(vm: VmRef, preserveSession: boolean, embedToken?: string): string {
  const path = apiPath(VMI, { namespace: vm.namespace, name: vm.name, subresource: 'vnc' });
  return sitePath(vm.site, path) + queryString({ preserveSession, embed: embedToken });
}

/** Kubernetes API path of the serial console subresource (what the serial hub dials upstream). */
export function serialUpstreamPath(vm: Pick<VmRef, 'namespace' | 'name'>): string {
  return apiPath(VMI, { namespace: vm.namespace, name: vm.name, subresource: 'console' });
}

/** Kubernetes API path of the VNC subresource. */
export function vncUpstreamPath(vm: Pick<VmRef, 'namespace' | 'name'>, preserveSession: boolean): string {
  return apiPath(VMI, { namespace: vm.namespace, name: vm.name, subresource: 'vnc' }) + queryString({ preserveSession });
}

/** Prefix of the serial hub's routes. */
export const SERIAL_HUB_PREFIX = '/api/console/serial';

/** Websocket path of the serial hub for one VM (the hub owns the single upstream connection). */
export function serialSocketPath(vm: VmRef, embedToken?: string): string {
  return `${SERIAL_HUB_PREFIX}/${enc(vm.site)}/${enc(vm.namespace)}/${enc(vm.name)}` + queryString({ embed: embedToken });
}

/** GET path that downloads the hub's buffered serial output as text. */
export function serialBufferPath(vm: VmRef): string {
  return `${SERIAL_HUB_PREFIX}/${enc(vm.site)}/${enc(vm.namespace)}/${enc(vm.name)}/buffer`;
}

/** Parses `/api/console/serial/<site>/<ns>/<name>[/buffer]`; undefined when it does not match. */
export function parseSerialPath(pathname: string): (VmRef & { buffer: boolean }) | undefined {
  if (!pathname.startsWith(`${SERIAL_HUB_PREFIX}/`)) return undefined;
  const parts = pathname.slice(SERIAL_HUB_PREFIX.length + 1).split('/');
  if (parts.length !== 3 && !(parts.length === 4 && parts[3] === 'buffer')) return undefined;
  try {
    const [site, namespace, name] = parts.slice(0, 3).map((p) => decodeURIComponent(p));
    if (!site || !namespace || !name || [site, namespace, name].some((s) => s.includes('/') || s === '..')) return undefined;
    return { site, namespace, name, buffer: parts.length === 4 };
  } catch {
    return undefined;
  }
}

/** Absolute ws:// or wss:// URL for a same-origin path, from the page's location. */
export function toWebSocketUrl(path: string, location: Pick<Location, 'protocol' | 'host'>): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}${path}`;
}

/** Probe route: can this user open the console now, and if not, why (in use, forbidden…)? */
export function consoleProbePath(vm: VmRef, kind: ConsoleKind, embedToken?: string): string {
  return `/api/console/probe/${kind}/${enc(vm.site)}/${enc(vm.namespace)}/${enc(vm.name)}` + queryString({ embed: embedToken });
}

/** Small request timed for the round-trip figure: browser → console server → cluster and back. */
export function consolePingPath(site: string, embedToken?: string): string {
  return `/api/console/ping/${enc(site)}` + queryString({ embed: embedToken });
}
