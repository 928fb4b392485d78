import type WebSocket from 'ws';
import type { Principal } from '../auth/types';
import type { ServerContext } from '../context';
import { HttpStatusError } from '../http/status';
import { MAX_WS_PAYLOAD } from '../ws-bridge/accept-browser';
import { dialUpstream } from '../ws-bridge/dial-upstream';
import { upstreamIdentity } from './upstream-identity';

/** Opens a websocket to a site's API server as `principal` (TLS and identity as for REST calls). */
export async function dialSiteSocket(server: ServerContext, principal: Principal, siteName: string, pathAndQuery: string): Promise<WebSocket> {
  const site = server.registry.get(siteName);
  if (!site) throw new HttpStatusError(404, 'NotFound', `site "${siteName}" not found`);
  const id = await upstreamIdentity(site, principal);
  return dialUpstream({ url: `${site.server.replace(/^http/, 'ws')}${pathAndQuery}`, tls: id.tls, headers: id.headers, maxPayload: MAX_WS_PAYLOAD });
}
