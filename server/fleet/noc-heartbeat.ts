/**
 * NOC screen heartbeats (`NOC_HEARTBEAT_PATH`): each screen reports what it shows, so the NOC's
 * own monitoring can tell a frozen wall (a hung browser, a screen stuck on old data) from a
 * working one. Both sides carry the display link; a screen only ever sees its own link's
 * screens. Kept in this process (a replica answers for the screens that reach it).
 */
import {
  DISPLAY_PARAM,
  NOC_FROZEN_MS,
  NOC_HEARTBEAT_PATH,
  type DisplayLinkInfo,
  type NocHeartbeat,
  type NocHeartbeatReport,
  type NocScreenStatus,
} from '../../lib/api/fleet';
import type { Route } from '../context';
import { readJsonObject } from '../http/body';
import { HttpStatusError, sendJson } from '../http/status';

const CONNECTIONS = new Set<NocHeartbeat['connection']>(['connecting', 'live', 'reconnecting', 'refused']);
/** Screens not heard from for this long are forgotten (a wall that was switched off). */
const FORGET_MS = 24 * 3600_000;
const MAX_SCREENS = 1000;

interface Seen extends NocHeartbeat {
  link: string;
  seenAt: number;
}

function parseHeartbeat(body: Record<string, unknown>): NocHeartbeat {
  const { screen, version, lastFrameAt, connection } = body;
  if (typeof screen !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(screen))
    throw new HttpStatusError(400, 'BadRequest', '"screen" must be 1 to 64 letters, digits, _ or -');
  if (typeof version !== 'string' || version.length > 200)
    throw new HttpStatusError(400, 'BadRequest', '"version" must be a string');
  if (lastFrameAt !== null && (typeof lastFrameAt !== 'string' || Number.isNaN(Date.parse(lastFrameAt))))
    throw new HttpStatusError(400, 'BadRequest', '"lastFrameAt" must be a time or null');
  if (typeof connection !== 'string' || !CONNECTIONS.has(connection as NocHeartbeat['connection']))
    throw new HttpStatusError(
      400,
      'BadRequest',
      `"connection" must be one of ${[...CONNECTIONS].join(', ')}`,
    );
  return { screen, version, lastFrameAt, connection: connection as NocHeartbeat['connection'] };
}

function statusOf(s: Seen, now: number): NocScreenStatus {
  const dataAge = s.lastFrameAt === null ? Infinity : now - Date.parse(s.lastFrameAt);
  const frozen = now - s.seenAt > NOC_FROZEN_MS || dataAge > NOC_FROZEN_MS || s.connection !== 'live';
  return {
    screen: s.screen,
    version: s.version,
    lastFrameAt: s.lastFrameAt,
    connection: s.connection,
    link: s.link,
    seenAt: new Date(s.seenAt).toISOString(),
    frozen,
  };
}

export function heartbeatRoutes(verify: (token: string) => DisplayLinkInfo | undefined): Route[] {
  const screens = new Map<string, Seen>();
  const linkOf = (url: URL): DisplayLinkInfo => {
    const link = verify(url.searchParams.get(DISPLAY_PARAM) ?? '');
    if (!link)
      throw new HttpStatusError(
        401,
        'Unauthorized',
        'this display link is not valid (revoked, expired or unknown)',
      );
    return link;
  };
  const forget = (now: number) => {
    for (const [key, s] of screens) if (now - s.seenAt > FORGET_MS) screens.delete(key);
  };
  return [
    {
      method: 'POST',
      path: NOC_HEARTBEAT_PATH,
      handle: async (req, res, url) => {
        const link = linkOf(url);
        const beat = parseHeartbeat(await readJsonObject(req, 4096));
        const now = Date.now();
        forget(now);
        const key = `${link.id}/${beat.screen}`;
        if (!screens.has(key) && screens.size >= MAX_SCREENS)
          throw new HttpStatusError(429, 'TooManyRequests', `at most ${MAX_SCREENS} screens are tracked`);
        screens.set(key, { ...beat, link: link.id, seenAt: now });
        res.writeHead(204).end();
      },
    },
    {
      method: ['GET', 'HEAD'],
      path: NOC_HEARTBEAT_PATH,
      handle: (_req, res, url) => {
        const link = linkOf(url);
        const now = Date.now();
        forget(now);
        const mine = [...screens.values()].filter((s) => s.link === link.id).map((s) => statusOf(s, now));
        const report: NocHeartbeatReport = {
          ok: mine.length > 0 && mine.every((s) => !s.frozen),
          screens: mine,
        };
        sendJson(res, report.ok ? 200 : 503, report);
      },
    },
  ];
}
