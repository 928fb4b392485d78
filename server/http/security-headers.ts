import type { ServerResponse } from 'node:http';

export interface SecurityHeaderOptions {
  /** `next dev` needs eval and inline scripts for React refresh. */
  dev: boolean;
  /** Origins allowed to frame `/embed/*` pages; empty means nobody may frame them. */
  embedFrameAncestors: readonly string[];
  /** Extra origins forms may post or redirect to (the OIDC issuer). */
  formActionOrigins?: readonly string[];
}

/** Path prefix of the pages another portal may put in an iframe. */
export const EMBED_PREFIX = '/embed/';

/**
 * The Content-Security-Policy for one response. Next's production pages carry inline bootstrap
 * scripts (`self.__next_f.push`), so scripts are limited to our own origin plus the per-request
 * nonce Next stamps on them; dev mode additionally needs eval for hot reload. WebAssembly may be
 * compiled (`'wasm-unsafe-eval'`, not JavaScript eval): the upload page hashes files with
 * hash-wasm while they upload.
 */
export function contentSecurityPolicy(pathname: string, nonce: string, opts: SecurityHeaderOptions): string {
  const script = ["'self'", `'nonce-${nonce}'`, "'wasm-unsafe-eval'"];
  if (opts.dev) script.push("'unsafe-eval'", "'unsafe-inline'");
  const frame = isEmbedPath(pathname) && opts.embedFrameAncestors.length ? opts.embedFrameAncestors.join(' ') : "'none'";
  const directives = [
    "default-src 'self'",
    `script-src ${opts.dev ? script.filter((s) => !s.startsWith("'nonce-")).join(' ') : script.join(' ')}`,
    // noVNC, CodeMirror and Next's style injection set style attributes at runtime.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self'${opts.dev ? ' ws: wss:' : ''}`,
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    `form-action 'self'${opts.formActionOrigins?.length ? ` ${opts.formActionOrigins.join(' ')}` : ''}`,
    `frame-ancestors ${frame}`,
  ];
  return directives.join('; ');
}

/** True for the embeddable pages. */
export function isEmbedPath(pathname: string): boolean {
  return pathname.startsWith(EMBED_PREFIX) || pathname === '/embed';
}

/** Sets the headers every response carries (pages, API, proxy, errors). */
export function applySecurityHeaders(res: ServerResponse, pathname: string, nonce: string, opts: SecurityHeaderOptions, secure = false): void {
  // Over TLS (directly or behind a trusted proxy that says https) browsers must keep to https.
  if (secure) res.setHeader('Strict-Transport-Security', 'max-age=31536000');
  const csp = contentSecurityPolicy(pathname, nonce, opts);
  res.setHeader('Content-Security-Policy', csp);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  // X-Frame-Options cannot express an allow-list, so it is only sent where nobody may frame us.
  if (csp.includes("frame-ancestors 'none'")) res.setHeader('X-Frame-Options', 'DENY');
}
