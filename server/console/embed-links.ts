/**
 * `POST /api/console/embed-links`: a signed-in user who may open a VM's console mints a
 * short-lived link for a portal to embed. `GET /api/console/embed-links/current?embed=…`
 * tells the embed page what its link grants (and refuses an expired or tampered one).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EmbedLink, EmbedLinkInfo } from '../../lib/api/console';
import { normalizeOrigin } from '../../lib/console/embed-protocol';
import type { ServerContext } from '../context';
import { readJsonObject } from '../http/body';
import { requestOrigin } from '../http/origin';
import { HttpStatusError, sendJson } from '../http/status';
import { checkMutation } from '../proxy/k8s-proxy';
import { embedClaimsOf, embedRevocationId, type EmbedIdentity } from './embed-auth';
import { EmbedTokenError, signEmbedToken, verifyEmbedToken } from './embed-token';
import { requireAccess } from '../sites/kube-call';
import { consoleAccess, consolePrincipal } from './console-principal';

export const DEFAULT_EMBED_TTL_SECONDS = 15 * 60;
export const MAX_EMBED_TTL_SECONDS = 12 * 3600;

function str(body: Record<string, unknown>, key: string): string {
  const v = body[key];
  if (typeof v !== 'string' || !v) throw new HttpStatusError(400, 'BadRequest', `"${key}" is required`);
  return v;
}

/**
 * Whether the configured `frame-ancestors` list lets `origin` frame embed pages: an exact
 * origin, `*`, or a `scheme://host:*` pattern.
 */
export function permittedByFrameAncestors(origin: string, ancestors: readonly string[]): boolean {
  return ancestors.some((a) => {
    if (a === '*') return true;
    if (a.endsWith(':*')) {
      const base = a.slice(0, -2);
      return (
        origin === base || (origin.startsWith(`${base}:`) && /^\d+$/.test(origin.slice(base.length + 1)))
      );
    }
    return normalizeOrigin(a) === origin;
  });
}

/** Parses and checks the requested allowed origins. */
function parseOrigins(value: unknown, ancestors: readonly string[]): string[] {
  if (!Array.isArray(value) || value.length === 0 || value.length > 16) {
    throw new HttpStatusError(400, 'BadRequest', '"origins" must list 1 to 16 parent origins');
  }
  return value.map((v) => {
    const o = typeof v === 'string' ? normalizeOrigin(v) : undefined;
    if (!o)
      throw new HttpStatusError(400, 'BadRequest', `"${String(v)}" is not an origin (scheme://host[:port])`);
    if (!permittedByFrameAncestors(o, ancestors)) {
      throw new HttpStatusError(
        400,
        'BadRequest',
        `${o} is not among the origins this server lets frame its consoles (frame-ancestors)`,
      );
    }
    return o;
  });
}

/** Mints a link; answers 201 with the token, the embed URL and the expiry. */
export async function mintEmbedLink(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  ctx: ServerContext,
  secret: string | Buffer,
): Promise<void> {
  const principal = await ctx.auth.principal(req);
  if (!principal) throw new HttpStatusError(401, 'Unauthorized', 'sign in first');
  checkMutation(req, ctx, principal);
  const body = await readJsonObject(req, 16 * 1024);
  const site = str(body, 'site');
  const namespace = str(body, 'namespace');
  const name = str(body, 'name');
  const kind = body.kind === 'serial' ? 'serial' : body.kind === 'vnc' ? 'vnc' : undefined;
  if (!kind) throw new HttpStatusError(400, 'BadRequest', '"kind" must be "vnc" or "serial"');
  if (!ctx.registry.get(site)) throw new HttpStatusError(404, 'NotFound', `site "${site}" not found`);
  const ttl = body.ttlSeconds === undefined ? DEFAULT_EMBED_TTL_SECONDS : Number(body.ttlSeconds);
  if (!Number.isFinite(ttl) || ttl < 1 || ttl > MAX_EMBED_TTL_SECONDS) {
    throw new HttpStatusError(
      400,
      'BadRequest',
      `"ttlSeconds" must be between 1 and ${MAX_EMBED_TTL_SECONDS}`,
    );
  }
  const origins = parseOrigins(body.origins, ctx.security.embedFrameAncestors);
  // The cluster decides: only someone who may open this console can hand it on.
  await requireAccess(ctx, principal, site, consoleAccess(kind, namespace, name));
  const identity: EmbedIdentity = { user: principal.user, credential: principal.credential };
  const viewOnly = body.viewOnly === true;
  const token = signEmbedToken(
    secret,
    { site, namespace, name, kind, viewOnly, origins, by: principal.user.username },
    identity,
    ttl,
  );
  const own = requestOrigin(req, ctx.trustProxy) ?? '';
  const expiresAt = new Date((Math.floor(Date.now() / 1000) + Math.floor(ttl)) * 1000).toISOString();
  ctx.audit.write({
    type: 'console',
    user: principal.user.username,
    groups: principal.user.groups,
    site,
    verb: 'embed-link',
    resource: `${namespace}/${name}/${kind}`,
    status: 201,
    remote: req.socket.remoteAddress,
    detail: `origins=${origins.join(',')} ttl=${ttl}s viewOnly=${viewOnly}`,
  });
  void url;
  const link: EmbedLink = {
    token,
    url: `${own}/embed/${token}`,
    expiresAt,
    site,
    namespace,
    name,
    kind,
    viewOnly,
    origins,
  };
  sendJson(res, 201, link);
}

/** What the embed page needs to know about its own link. */
export async function currentEmbedLink(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  ctx: ServerContext,
  secret: string | Buffer,
): Promise<void> {
  if (!url.searchParams.get('embed'))
    throw new HttpStatusError(400, 'BadRequest', 'the "embed" parameter is required');
  const principal = await consolePrincipal(req, url, ctx, secret);
  const claims = embedClaimsOf(principal);
  if (!claims) throw new HttpStatusError(401, 'Unauthorized', 'invalid console link');
  const { site, namespace, name, kind, viewOnly, origins, exp } = claims;
  const info: EmbedLinkInfo = {
    site,
    namespace,
    name,
    kind,
    viewOnly,
    origins,
    expiresAt: new Date(exp * 1000).toISOString(),
  };
  sendJson(res, 200, info);
}

/** Revokes a link its holder shows: the minter, or anyone who may open that console. */
export async function revokeEmbedLink(req: IncomingMessage, res: ServerResponse, ctx: ServerContext, secret: string | Buffer): Promise<void> {
  const principal = await ctx.auth.principal(req);
  if (!principal) throw new HttpStatusError(401, 'Unauthorized', 'sign in first');
  checkMutation(req, ctx, principal);
  const body = await readJsonObject(req, 16 * 1024);
  const token = str(body, 'token');
  let claims;
  try {
    claims = verifyEmbedToken(secret, token).claims;
  } catch (err) {
    // An expired link grants nothing already.
    if (err instanceof EmbedTokenError && err.code === 'expired') return sendJson(res, 200, { revoked: true });
    throw new HttpStatusError(400, 'BadRequest', `not a console link of this server: ${(err as Error).message}`);
  }
  if (claims.by !== principal.user.username) await requireAccess(ctx, principal, claims.site, consoleAccess(claims.kind, claims.namespace, claims.name));
  ctx.auth.revocations.revoke(embedRevocationId(claims.jti), claims.exp * 1000);
  ctx.audit.write({
    type: 'console',
    user: principal.user.username,
    groups: principal.user.groups,
    site: claims.site,
    verb: 'revoke-embed-link',
    resource: `${claims.namespace}/${claims.name}/${claims.kind}`,
    status: 200,
    remote: req.socket.remoteAddress,
    detail: `link ${claims.jti} minted by ${claims.by}`,
  });
  sendJson(res, 200, { revoked: true });
}
