import { CLOSE_LINK_EXPIRED } from '../../lib/api/console';
import { CLOSE_SESSION_EXPIRED } from '../../lib/api/session';
import type { Principal } from './types';

/** How often an open socket asks whether its grant was revoked (a stat of the shared file at most). */
const REVOCATION_CHECK_MS = 2_000;

/**
 * Ends a long-lived socket (console, watch multiplexer) when its grant does: the session's
 * expiry or revocation (4401) or the embed link's (4410). Returns the canceller for a socket that
 * closes first.
 */
export function closeAtExpiry(p: Principal, close: (code: number, reason: string) => void): () => void {
  const [code, reason] = p.via === 'embed' ? [CLOSE_LINK_EXPIRED, 'console link expired'] : [CLOSE_SESSION_EXPIRED, 'session expired'];
  const timers: Array<ReturnType<typeof setTimeout>> = [];
  const left = p.expiresAt === undefined ? Infinity : p.expiresAt - Date.now();
  // Timers longer than 2^31-1 ms fire at once; such a grant outlives any process anyway.
  if (left < 2 ** 31 - 1) timers.push(setTimeout(() => close(code, reason), Math.max(0, left)));
  const stillValid = p.stillValid;
  if (stillValid) {
    const poll = setInterval(() => {
      if (stillValid()) return;
      clearInterval(poll);
      close(code, p.via === 'embed' ? 'console link revoked' : 'signed out');
    }, REVOCATION_CHECK_MS);
    timers.push(poll);
  }
  for (const t of timers) t.unref();
  return () => timers.forEach((t) => clearTimeout(t));
}
