/**
 * `GET FLEET_STREAM_PATH`: the fleet summaries as Server-Sent Events. A `snapshot` on connect,
 * then an `update` per coalesced burst, each only for the sites the caller may see; a comment
 * line every 2 s keeps proxies from closing an idle stream, and the grant is re-checked then. The stream carries summaries, never
 * objects, and costs the sites nothing: every stream reads the one fleet cache.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FleetFrame, SiteSummary } from '../../lib/api/fleet';
import type { Principal } from '../auth/types';
import type { ServerContext } from '../context';
import { HttpStatusError } from '../http/status';
import { requireAccess } from '../sites/kube-call';
import type { FleetCache } from './fleet-cache';

/** How often the grant is re-checked; a comment line goes out at the same pace (keepalive). */
const CHECK_MS = 2000;

/** Who is watching and which sites it may see; `valid()` is re-checked while the stream runs. */
export interface FleetViewer {
  sites: Set<string>;
  /** False once the grant is gone (a revoked display link, an expired session). */
  valid(): boolean;
  /** Why the stream ended when `valid()` turned false. */
  endReason: string;
}

/** A signed-in user sees the sites where they may list every VM (the summary counts them all). */
export async function sessionViewer(ctx: ServerContext, principal: Principal): Promise<FleetViewer> {
  const names = ctx.registry.names();
  const checks = await Promise.all(
    names.map((site) =>
      requireAccess(ctx, principal, site, {
        verb: 'list',
        group: 'kubevirt.io',
        resource: 'virtualmachines',
        namespace: '',
      }).then(
        () => site,
        () => undefined,
      ),
    ),
  );
  const sites = new Set(checks.filter((s): s is string => s !== undefined));
  if (sites.size === 0)
    throw new HttpStatusError(
      403,
      'Forbidden',
      `${principal.user.username} may not list virtual machines on any site`,
    );
  const expiresAt = principal.expiresAt;
  return {
    sites,
    valid: () => expiresAt === undefined || Date.now() < expiresAt,
    endReason: 'session-expired',
  };
}

function frame(version: string, sites: SiteSummary[]): string {
  const body: FleetFrame = { version, at: new Date().toISOString(), sites };
  return JSON.stringify(body);
}

/** Serves one stream until the client leaves or the viewer's grant ends. */
export function serveFleetStream(
  req: IncomingMessage,
  res: ServerResponse,
  cache: FleetCache,
  viewer: FleetViewer,
  version: string,
): void {
  res.writeHead(200, {
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-cache, no-transform',
    Connection: 'keep-alive',
    'X-Accel-Buffering': 'no',
  });
  const send = (event: string, data: string) => {
    if (!res.writableEnded) res.write(`event: ${event}\ndata: ${data}\n\n`);
  };
  res.write('retry: 2000\n\n');
  const mine = (list: SiteSummary[]) => list.filter((s) => viewer.sites.has(s.site));
  send('snapshot', frame(version, mine(cache.snapshot())));
  const unsubscribe = cache.subscribe((changed) => {
    const own = mine(changed);
    if (own.length) send('update', frame(version, own));
  });
  const keepalive = setInterval(() => {
    if (!viewer.valid()) {
      send('end', JSON.stringify({ reason: viewer.endReason }));
      res.end();
      return;
    }
    res.write(': keepalive\n\n');
  }, CHECK_MS);
  const done = () => {
    unsubscribe();
    clearInterval(keepalive);
  };
  res.on('close', done);
  req.on('error', done);
}
