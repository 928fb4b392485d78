import type { IncomingMessage } from 'node:http';
import type { Principal } from '../auth/types';
import type { ConsoleKind } from '../../lib/api/console';
import type { ResourceAttributes } from '../../lib/k8s/resources/access-review';
import type { ServerContext } from '../context';
import { HttpStatusError } from '../http/status';
import { principalFromLink } from './embed-auth';

/**
 * Who is calling a console route: an embed link when the URL carries one (it then wins over a
 * session cookie, so the link's limits apply), else the session. 401 when neither.
 */
export async function consolePrincipal(
  req: IncomingMessage,
  url: URL,
  ctx: ServerContext,
  secret: string | Buffer,
): Promise<Principal> {
  const token = url.searchParams.get('embed');
  if (token) return principalFromLink(secret, token, req, { trustProxy: ctx.trustProxy, publicOrigins: ctx.publicOrigins, revocations: ctx.auth.revocations });
  const p = await ctx.auth.principal(req);
  if (!p) throw new HttpStatusError(401, 'Unauthorized', 'sign in first');
  return p;
}

/** Refuses when an embed principal reaches a VM or console kind its link does not cover. */
export function requireTarget(
  p: Principal,
  target: { site: string; namespace: string; name: string; kind: string },
): void {
  if (p.allows && !p.allows(target))
    throw new HttpStatusError(403, 'Forbidden', 'this link does not grant access to that console');
}

/** The access a console kind needs, as KubeVirt's RBAC names it. */
export function consoleAccess(kind: ConsoleKind, namespace: string, name: string): ResourceAttributes {
  return {
    verb: 'get',
    group: 'subresources.kubevirt.io',
    resource: 'virtualmachineinstances',
    subresource: kind === 'vnc' ? 'vnc' : 'console',
    namespace,
    name,
  };
}
