/**
 * The postMessage protocol between an embedded console (iframe) and the portal that frames it.
 * Events go out only to the link's allowed origins; commands are accepted only from them.
 */
export const EMBED_MESSAGE_TYPE = 'edgevirt.console';

export type EmbedEvent = 'connected' | 'disconnected' | 'error';
export type EmbedCommand = 'sendCtrlAltDel' | 'disconnect';

export interface EmbedEventMessage {
  type: typeof EMBED_MESSAGE_TYPE;
  event: EmbedEvent;
  detail?: unknown;
}

export interface EmbedCommandMessage {
  type: typeof EMBED_MESSAGE_TYPE;
  command: EmbedCommand;
}

const COMMANDS: readonly EmbedCommand[] = ['sendCtrlAltDel', 'disconnect'];

/** Builds an event message. */
export function embedEvent(event: EmbedEvent, detail?: unknown): EmbedEventMessage {
  return { type: EMBED_MESSAGE_TYPE, event, ...(detail === undefined ? {} : { detail }) };
}

/** Canonical `scheme://host[:port]` of an origin string, or undefined when it is not one. */
export function normalizeOrigin(value: string): string | undefined {
  try {
    const u = new URL(value);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return undefined;
    if (u.pathname !== '/' || u.search || u.hash || u.username || u.password) return undefined;
    return u.origin;
  } catch {
    return undefined;
  }
}

/** Exact match of an origin against an allow-list (no wildcards: a portal names itself). */
export function originAllowed(origin: string | null | undefined, allowed: readonly string[]): boolean {
  if (!origin) return false;
  const o = normalizeOrigin(origin);
  return o !== undefined && allowed.includes(o);
}

/** The command in a message from a parent, or undefined when it is not a valid command. */
export function parseEmbedCommand(data: unknown): EmbedCommand | undefined {
  if (!data || typeof data !== 'object') return undefined;
  const m = data as Partial<EmbedCommandMessage>;
  if (m.type !== EMBED_MESSAGE_TYPE || typeof m.command !== 'string') return undefined;
  return COMMANDS.find((c) => c === m.command);
}
