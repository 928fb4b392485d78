/**
 * What a console connection is doing, for the status bar and for an embedding parent. Reasons
 * are codes, translated by the UI (`console:reason.<code>`), with the server's words as detail.
 */
import type { ConsoleProbe } from '../api/console';

export type DisconnectReason =
  | 'user'
  | 'network'
  | 'server'
  | 'inUse'
  | 'forbidden'
  | 'notRunning'
  | 'unauthorized'
  | 'notFound'
  | 'expired'
  | 'protocol';

export type ConsoleStatus =
  | { state: 'idle' }
  | { state: 'connecting'; attempt: number }
  | { state: 'connected'; since: number }
  | { state: 'disconnected'; reason: DisconnectReason; detail?: string; retryAt?: number };


/** Reasons after which retrying on its own would be pointless or rude. */
export function isTerminal(reason: DisconnectReason): boolean {
  return ['user', 'inUse', 'forbidden', 'unauthorized', 'expired', 'notFound'].includes(reason);
}

/** Maps a probe result to a disconnect reason (`free` means the failure was the network). */
export function reasonFromProbe(probe: ConsoleProbe): DisconnectReason {
  switch (probe.status) {
    case 'inUse':
      return 'inUse';
    case 'forbidden':
      return 'forbidden';
    case 'notRunning':
      return 'notRunning';
    case 'notFound':
      return 'notFound';
    case 'unauthorized':
      return 'unauthorized';
    case 'expired':
      return 'expired';
    case 'unreachable':
      return 'server';
    default:
      return 'network';
  }
}

/** Fetches a probe; a failed fetch is reported as the network being down. */
export async function fetchProbe(url: string, signal?: AbortSignal): Promise<ConsoleProbe> {
  try {
    const res = await fetch(url, { cache: 'no-store', credentials: 'same-origin', signal });
    const body = (await res.json().catch(() => undefined)) as ConsoleProbe | undefined;
    if (body && typeof body.status === 'string') return body;
    if (res.status === 401) return { status: 'unauthorized' };
    if (res.status === 403) return { status: 'forbidden' };
    return { status: 'unreachable', message: `HTTP ${res.status}` };
  } catch {
    return { status: 'unreachable' };
  }
}

/** Times one small same-origin request, in ms (undefined when it failed). */
export async function measureRtt(url: string): Promise<number | undefined> {
  const t0 = performance.now();
  try {
    const res = await fetch(url, { cache: 'no-store', credentials: 'same-origin' });
    await res.arrayBuffer();
    return res.ok ? performance.now() - t0 : undefined;
  } catch {
    return undefined;
  }
}
