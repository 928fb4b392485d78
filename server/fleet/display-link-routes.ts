/**
 * Display link routes: an admin creates, lists and revokes named links for NOC screens. An
 * admin here is whoever the cluster lets do everything (`*` on `*`) on every site of the
 * link's scope: the link shows those sites to anyone who holds it.
 */
import type { IncomingMessage } from 'node:http';
import { DISPLAY_LINKS_PATH, type CreatedDisplayLink, type DisplayLinkInfo } from '../../lib/api/fleet';
import type { Principal } from '../auth/types';
import type { Route, ServerContext } from '../context';
import { readJsonObject } from '../http/body';
import { HttpStatusError, sendJson } from '../http/status';
import { checkMutation } from '../proxy/k8s-proxy';
import { requireAccess } from '../sites/kube-call';
import type { DisplayLinkStore } from './display-link-store';
import { routes } from '../../lib/routes';

export const MAX_DISPLAY_TTL_SECONDS = 400 * 24 * 3600;

async function admin(req: IncomingMessage, ctx: ServerContext, sites: string[]): Promise<Principal> {
  const principal = await ctx.auth.principal(req);
  if (!principal || principal.via !== 'session')
    throw new HttpStatusError(401, 'Unauthorized', 'sign in first');
  await Promise.all(
    sites.map((site) =>
      requireAccess(ctx, principal, site, { verb: '*', group: '*', resource: '*', namespace: '' }),
    ),
  );
  return principal;
}

function parseSites(ctx: ServerContext, value: unknown): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string'))
    throw new HttpStatusError(400, 'BadRequest', '"sites" must be a list of site names');
  for (const s of value as string[])
    if (!ctx.registry.get(s)) throw new HttpStatusError(400, 'BadRequest', `site "${s}" not found`);
  return [...new Set(value as string[])];
}

export function displayLinkRoutes(store: DisplayLinkStore): Route[] {
  return [
    {
      method: 'POST',
      path: DISPLAY_LINKS_PATH,
      handle: async (req, res, _url, ctx) => {
        const first = await ctx.auth.principal(req);
        if (!first) throw new HttpStatusError(401, 'Unauthorized', 'sign in first');
        checkMutation(req, ctx, first);
        const body = await readJsonObject(req, 16 * 1024);
        const name = typeof body.name === 'string' ? body.name.trim() : '';
        if (!name || name.length > 80)
          throw new HttpStatusError(400, 'BadRequest', '"name" is required (at most 80 characters)');
        const sites = parseSites(ctx, body.sites);
        const ttl = Number(body.ttlSeconds);
        if (!Number.isInteger(ttl) || ttl < 60 || ttl > MAX_DISPLAY_TTL_SECONDS) {
          throw new HttpStatusError(
            400,
            'BadRequest',
            `"ttlSeconds" must be a whole number from 60 to ${MAX_DISPLAY_TTL_SECONDS}`,
          );
        }
        const principal = await admin(req, ctx, sites.length ? sites : ctx.registry.names());
        const expiresAt = new Date(Date.now() + ttl * 1000).toISOString();
        const { info, token } = store.create({ name, sites, createdBy: principal.user.username, expiresAt });
        ctx.audit.write({
          type: 'fleet',
          user: principal.user.username,
          groups: principal.user.groups,
          site: sites.join(',') || '*',
          verb: 'display-link',
          resource: info.id,
          status: 201,
          remote: req.socket.remoteAddress,
          detail: `name=${name} expires=${expiresAt}`,
        });
        const created: CreatedDisplayLink = { ...info, token, path: routes.noc(token) };
        sendJson(res, 201, created);
      },
    },
    {
      method: 'GET',
      path: DISPLAY_LINKS_PATH,
      handle: async (req, res, _url, ctx) => {
        await admin(req, ctx, ctx.registry.names());
        const items: DisplayLinkInfo[] = store.list();
        sendJson(res, 200, { items });
      },
    },
    {
      method: 'DELETE',
      path: (p) => p.startsWith(`${DISPLAY_LINKS_PATH}/`),
      name: `${DISPLAY_LINKS_PATH}/{id}`,
      handle: async (req, res, url, ctx) => {
        const first = await ctx.auth.principal(req);
        if (!first) throw new HttpStatusError(401, 'Unauthorized', 'sign in first');
        checkMutation(req, ctx, first);
        const principal = await admin(req, ctx, ctx.registry.names());
        const id = decodeURIComponent(url.pathname.slice(DISPLAY_LINKS_PATH.length + 1));
        if (!store.revoke(id)) throw new HttpStatusError(404, 'NotFound', `display link "${id}" not found`);
        ctx.audit.write({
          type: 'fleet',
          user: principal.user.username,
          groups: principal.user.groups,
          site: '*',
          verb: 'revoke-display-link',
          resource: id,
          status: 200,
          remote: req.socket.remoteAddress,
        });
        sendJson(res, 200, { id, revoked: true });
      },
    },
  ];
}
