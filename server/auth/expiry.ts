import { CLOSE_LINK_EXPIRED } from '../../lib/api/console';
import { CLOSE_SESSION_EXPIRED } from '../../lib/api/session';
import type { Principal } from './types';

/**
 * Ends a long-lived socket (console, watch multiplexer) when its grant does: the session's
 * expiry (4401) or the embed link's (4410). Returns the canceller for a socket that closes first.
 */
export function closeAtExpiry(p: Principal, close: (code: number, reason: string) => void): () => void {
  if (p.expiresAt === undefined) return () => undefined;
  const left = p.expiresAt - Date.now();
  // Timers longer than 2^31-1 ms fire at once; such a grant outlives any process anyway.
  if (left >= 2 ** 31 - 1) return () => undefined;
  const [code, reason] = p.via === 'embed' ? [CLOSE_LINK_EXPIRED, 'console link expired'] : [CLOSE_SESSION_EXPIRED, 'session expired'];
  const t = setTimeout(() => close(code, reason), Math.max(0, left));
  t.unref();
  return () => clearTimeout(t);
}
