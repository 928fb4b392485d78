import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';

/** True when the connection reached us over TLS (directly, or via a trusted proxy's header). */
export function isSecureRequest(req: IncomingMessage, trustProxy: boolean): boolean {
  if ((req.socket as { encrypted?: boolean }).encrypted) return true;
  return trustProxy && req.headers['x-forwarded-proto'] === 'https';
}

/** This server's own origin as the browser sees it, from the Host header. */
export function requestOrigin(req: IncomingMessage, trustProxy: boolean): string | undefined {
  const host = (trustProxy && firstHeader(req.headers['x-forwarded-host'])) || req.headers.host;
  if (!host) return undefined;
  return `${isSecureRequest(req, trustProxy) ? 'https' : 'http'}://${host.toLowerCase()}`;
}

/**
 * Same-origin check for state-changing requests and websockets: the browser's `Origin` must
 * equal our own origin (or one of the configured public origins). A missing Origin fails:
 * browsers always send it on POST/PUT/PATCH/DELETE and on websocket handshakes.
 */
export function isSameOrigin(req: IncomingMessage, trustProxy: boolean, publicOrigins: readonly string[] = []): boolean {
  const origin = req.headers.origin;
  if (!origin || origin === 'null') return false;
  let normalized: string;
  try {
    normalized = new URL(origin).origin.toLowerCase();
  } catch {
    return false;
  }
  if (publicOrigins.includes(normalized)) return true;
  const own = requestOrigin(req, trustProxy);
  return own !== undefined && safeOrigin(own) === normalized;
}

function safeOrigin(value: string): string | undefined {
  try {
    return new URL(value).origin.toLowerCase();
  } catch {
    return undefined;
  }
}

function firstHeader(v: string | string[] | undefined): string | undefined {
  const s = Array.isArray(v) ? v[0] : v;
  return s?.split(',')[0]?.trim() || undefined;
}

/**
 * The client's address: the socket's peer, or behind a trusted proxy the address that proxy
 * appended last to X-Forwarded-For (earlier entries are whatever the client sent).
 */
export function clientAddress(req: IncomingMessage, trustProxy: boolean): string {
  const forwarded = trustProxy ? req.headers['x-forwarded-for'] : undefined;
  const last = (Array.isArray(forwarded) ? forwarded.join(',') : forwarded)?.split(',').pop()?.trim();
  return last || req.socket.remoteAddress || 'unknown';
}

/**
 * Guard against DNS rebinding: a page on a name the attacker controls, re-pointed at this server,
 * would be "same origin" with itself. Only Host names we know are served: IP literals and
 * localhost (they cannot be rebound), the public origins' hosts and the allowed hosts
 * (`.example.com` allows every subdomain).
 */
export function isAllowedHost(req: IncomingMessage, trustProxy: boolean, allowedHosts: readonly string[]): boolean {
  const own = requestOrigin(req, trustProxy);
  if (!own) return false;
  let hostname: string;
  try {
    hostname = new URL(own).hostname.replace(/^\[(.*)\]$/, '$1');
  } catch {
    return false;
  }
  if (isIP(hostname) || hostname === 'localhost' || hostname.endsWith('.localhost')) return true;
  return allowedHosts.some((h) => (h.startsWith('.') ? hostname.endsWith(h) || hostname === h.slice(1) : hostname === h));
}
