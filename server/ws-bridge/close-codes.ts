/** A close code and reason that may legally be sent in a close frame. */
export interface CloseFrame {
  code: number;
  reason: string;
}

/** Longest reason a close frame carries (125 bytes of payload minus the 2-byte code). */
const MAX_REASON_BYTES = 123;

/**
 * Maps what one side of a bridge reported to what we send the other side. 1005 (no status) and
 * 1006 (abnormal) are only ever *reported* by a websocket library, never valid on the wire:
 * a peer that went away cleanly without a code becomes 1001, a broken connection 1011.
 * Reserved or out-of-range codes become 1011 too.
 */
export function mapCloseCode(code: number, reason: string, side: 'upstream' | 'browser'): CloseFrame {
  if (code === 1005) return { code: 1001, reason: truncateReason(reason || `${side} closed without a status`) };
  if (code === 1006) return { code: 1011, reason: truncateReason(reason || `${side} connection lost`) };
  if (isSendable(code)) return { code, reason: truncateReason(reason) };
  return { code: 1011, reason: truncateReason(reason || `${side} closed with code ${code}`) };
}

/** Codes RFC 6455 allows in a close frame (ws enforces the same list). */
export function isSendable(code: number): boolean {
  return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999);
}

/** Cuts a reason to 123 UTF-8 bytes without splitting a character. */
export function truncateReason(reason: string): string {
  if (Buffer.byteLength(reason) <= MAX_REASON_BYTES) return reason;
  let out = '';
  for (const ch of reason) {
    if (Buffer.byteLength(out + ch) > MAX_REASON_BYTES) break;
    out += ch;
  }
  return out;
}
