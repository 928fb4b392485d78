/**
 * The backend's console endpoints, shared by the pages and the server: websocket paths (VNC
 * bridge, serial hub), the probe and ping routes, and embed links with their payloads.
 */
import { apiPath, queryString, sitePath } from '../k8s/api-path';
import { VMI_SUBRESOURCE_GVR } from '../k8s/resources/virtual-machine-instance';

/** The two console kinds a VMI offers. */
export type ConsoleKind = 'vnc' | 'serial';

export interface VmRef {
  site: string;
  namespace: string;
  name: string;
}

const enc = encodeURIComponent;

/**
 * Same-origin path of the VNC websocket through the BFF bridge. `preserveSession: true` makes
 * the cluster refuse (503) instead of kicking another viewer; false takes the session over.
 */
export function vncSocketPath(vm: VmRef, preserveSession: boolean, embedToken?: string): string {
  const path = apiPath(VMI_SUBRESOURCE_GVR, { namespace: vm.namespace, name: vm.name, subresource: 'vnc' });
  return sitePath(vm.site, path) + queryString({ preserveSession, embed: embedToken });
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

/**
 * Close code of an open console (VNC bridge or serial hub) whose embed link expired; an
 * expired session closes it with `CLOSE_SESSION_EXPIRED`.
 */
export const CLOSE_LINK_EXPIRED = 4410;

/**
 * Close code of a serial console whose line another client (virtctl, another console replica)
 * took while the VM kept running: the browser waits for the user instead of taking it back.
 */
export const CLOSE_SERIAL_TAKEN_OVER = 4409;

/** Prefix of the probe route: `<prefix><kind>/<site>/<ns>/<name>`. */
export const CONSOLE_PROBE_PREFIX = '/api/console/probe/';
/** Prefix of the ping route: `<prefix><site>`. */
export const CONSOLE_PING_PREFIX = '/api/console/ping/';

/** Probe route: can this user open the console now, and if not, why (in use, forbidden…)? */
export function consoleProbePath(vm: VmRef, kind: ConsoleKind, embedToken?: string): string {
  return `${CONSOLE_PROBE_PREFIX}${kind}/${enc(vm.site)}/${enc(vm.namespace)}/${enc(vm.name)}` + queryString({ embed: embedToken });
}

/** Probe answer: can this user open the console now? */
export interface ConsoleProbe {
  status: 'free' | 'inUse' | 'forbidden' | 'notRunning' | 'notFound' | 'unauthorized' | 'expired' | 'unreachable';
  message?: string;
}

/** Small request timed for the round-trip figure: browser → console server → cluster and back. */
export function consolePingPath(site: string, embedToken?: string): string {
  return `${CONSOLE_PING_PREFIX}${enc(site)}` + queryString({ embed: embedToken });
}

/** Answer of the ping route. */
export interface ConsolePing {
  site: string;
  upstreamMs: number;
  upstreamStatus: number;
}

/** `POST` mints an embed link (session + CSRF); body `EmbedLinkRequest`, 201 `EmbedLink`. */
export const EMBED_LINKS_PATH = '/api/console/embed-links';

/** `GET ?embed=<token>`: what an embed link grants (`EmbedLinkInfo`); refuses expired or tampered links. */
export const CURRENT_EMBED_LINK_PATH = `${EMBED_LINKS_PATH}/current`;

/**
 * `POST` (session + CSRF), body `{ token }`: revokes an embed link at once, on every replica;
 * its open consoles close with `CLOSE_LINK_EXPIRED`. The minter or anyone who may open that
 * console may revoke it. 200 `{ revoked: true }`.
 */
export const REVOKE_EMBED_LINK_PATH = `${EMBED_LINKS_PATH}/revoke`;

export function currentEmbedLinkPath(embedToken: string): string {
  return CURRENT_EMBED_LINK_PATH + queryString({ embed: embedToken });
}

export interface EmbedLinkRequest extends VmRef {
  kind: ConsoleKind;
  viewOnly?: boolean;
  ttlSeconds?: number;
  /** Parent origins that may frame the link (each allowed by the server's frame-ancestors). */
  origins: string[];
}

/** What a link grants, as the embed page reads it. */
export interface EmbedLinkInfo extends VmRef {
  kind: ConsoleKind;
  viewOnly: boolean;
  origins: string[];
  expiresAt: string;
}

/** A freshly minted link. */
export interface EmbedLink extends EmbedLinkInfo {
  token: string;
  /** Absolute URL of the embed page. */
  url: string;
}
