import type { ConsoleStatus } from './console-status';
import { embedEvent, type EmbedEventMessage } from './embed-protocol';

/**
 * What an embedded console tells its parent about a status change, or undefined for states
 * the parent does not need (connecting). Refusals that retrying cannot fix are `error`.
 */
export function embedMessageFor(status: ConsoleStatus): EmbedEventMessage | undefined {
  if (status.state === 'connected') return embedEvent('connected');
  if (status.state !== 'disconnected') return undefined;
  const detail = { reason: status.reason, retrying: status.retryAt !== undefined, ...(status.detail ? { message: status.detail } : {}) };
  if (['forbidden', 'unauthorized', 'expired', 'notFound', 'protocol'].includes(status.reason)) return embedEvent('error', detail);
  return embedEvent('disconnected', detail);
}

/** The parent page's origin as the browser reports it (ancestorOrigins, else the referrer). */
export function parentOrigin(win: Pick<Window, 'location' | 'parent' | 'document'> & { self?: unknown }): string | undefined {
  if (win.parent === (win as unknown)) return undefined;
  const ancestors = (win.location as Location & { ancestorOrigins?: DOMStringList }).ancestorOrigins;
  if (ancestors && ancestors.length > 0) return ancestors.item(0) ?? undefined;
  try {
    return win.document.referrer ? new URL(win.document.referrer).origin : undefined;
  } catch {
    return undefined;
  }
}
