import type { Agent } from 'node:https';
import type { Site, SiteTls } from './site';
import type { Principal } from '../auth/types';

/** Everything needed to call one site as one principal. */
export interface UpstreamIdentity {
  agent: Agent;
  tls: SiteTls;
  /** Authorization and Impersonate-* headers; an array value is sent as repeated headers. */
  headers: Record<string, string | string[]>;
}

/**
 * Credentials for calling `site` on behalf of `principal`. A user's bearer token travels on an
 * agent without the kubeconfig's client certificate, so the cluster authenticates the user and
 * not the console.
 */
export async function upstreamIdentity(site: Site, principal: Principal, use: 'request' | 'watch' = 'request'): Promise<UpstreamIdentity> {
  const cred = principal.credential;
  const watch = use === 'watch';
  if (cred.kind === 'bearer') {
    return {
      agent: watch ? site.userWatchAgent : site.userAgent,
      tls: { ...site.tls, cert: undefined, key: undefined },
      headers: { Authorization: `Bearer ${cred.token}` },
    };
  }
  const service = await site.serviceCredentials();
  const headers: Record<string, string | string[]> = { ...service.headers };
  if (cred.kind === 'impersonate') {
    headers['Impersonate-User'] = cred.username;
    if (cred.groups.length) headers['Impersonate-Group'] = cred.groups;
  }
  return { agent: watch ? site.watchAgent : site.agent, tls: service.tls, headers };
}
