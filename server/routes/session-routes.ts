import type { IncomingMessage, ServerResponse } from 'node:http';
import { verifyToken } from '../auth/self-subject-review';
import type { BackendModule, ServerContext } from '../context';
import { readJsonObject } from '../http/body';
import { isSameOrigin } from '../http/origin';
import { HttpStatusError, sendJson } from '../http/status';

async function sessionInfo(req: IncomingMessage, res: ServerResponse, ctx: ServerContext): Promise<void> {
  const p = await ctx.auth.principal(req);
  if (!p) {
    sendJson(res, 401, { authenticated: false, mode: ctx.auth.mode, ...signInHint(ctx) });
    return;
  }
  sendJson(res, 200, { authenticated: true, mode: ctx.auth.mode, user: p.user, csrfToken: p.csrfToken });
}

/** Tells the sign-in page what to offer. */
function signInHint(ctx: ServerContext): { signIn: { kind: string; url?: string } } {
  if (ctx.auth.mode === 'oidc') return { signIn: { kind: 'oidc', url: '/api/auth/oidc/login' } };
  if (ctx.auth.mode === 'token') return { signIn: { kind: 'token', url: '/api/auth/token' } };
  return { signIn: { kind: 'local' } };
}

/** POST /api/auth/token `{ "token": "…" }`: the cluster confirms the token, the session keeps it. */
async function tokenSignIn(req: IncomingMessage, res: ServerResponse, ctx: ServerContext): Promise<void> {
  if (ctx.auth.mode !== 'token') throw new HttpStatusError(404, 'NotFound', 'token sign-in is not enabled');
  if (!isSameOrigin(req, ctx.trustProxy, ctx.publicOrigins)) throw new HttpStatusError(403, 'Forbidden', 'cross-origin request refused');
  const body = await readJsonObject(req, 16 * 1024);
  const token = typeof body.token === 'string' ? body.token.trim() : '';
  if (!token || /\s/.test(token)) throw new HttpStatusError(400, 'BadRequest', 'a bearer token is required');
  const sites = ctx.registry.names().flatMap((n) => {
    const s = ctx.registry.get(n);
    return s ? [s] : [];
  });
  let user;
  try {
    user = await verifyToken(sites, token);
  } catch (err) {
    ctx.audit.write({ type: 'signin', user: '(unknown)', verb: 'token', resource: '/api/auth/token', status: err instanceof HttpStatusError ? err.code : 500, remote: req.socket.remoteAddress });
    throw err;
  }
  const data = await ctx.auth.sessions.create(req, res, 'token', user, token);
  ctx.audit.write({ type: 'signin', user: user.username, groups: user.groups, verb: 'token', resource: '/api/auth/token', status: 200, remote: req.socket.remoteAddress });
  sendJson(res, 200, { authenticated: true, mode: 'token', user, csrfToken: data.csrf });
}

async function signOut(req: IncomingMessage, res: ServerResponse, ctx: ServerContext): Promise<void> {
  const p = await ctx.auth.principal(req);
  if (p) {
    if (!isSameOrigin(req, ctx.trustProxy, ctx.publicOrigins)) throw new HttpStatusError(403, 'Forbidden', 'cross-origin request refused');
    if (req.headers['x-csrf-token'] !== p.csrfToken) throw new HttpStatusError(403, 'Forbidden', 'missing or wrong x-csrf-token header');
    ctx.audit.write({ type: 'signout', user: p.user.username, verb: 'signout', resource: '/api/auth/signout', status: 200, remote: req.socket.remoteAddress });
  }
  ctx.auth.sessions.clear(req, res);
  sendJson(res, 200, { authenticated: false, mode: ctx.auth.mode });
}

/** Local mode: `GET /?token=<one-time>` signs in once and redirects to `/`. */
async function linkSignIn(req: IncomingMessage, res: ServerResponse, url: URL, ctx: ServerContext): Promise<void> {
  const token = url.searchParams.get('token') ?? '';
  if (!ctx.auth.consumeLinkToken(token)) {
    // Used or wrong link: show the app signed out rather than an error page.
    res.writeHead(303, { location: '/?signin=expired', 'cache-control': 'no-store' });
    res.end();
    return;
  }
  const user = ctx.auth.localIdentity;
  await ctx.auth.sessions.create(req, res, 'local', user);
  ctx.audit.write({ type: 'signin', user: user.username, verb: 'link', resource: '/', status: 303, remote: req.socket.remoteAddress });
  res.writeHead(303, { location: '/', 'cache-control': 'no-store' });
  res.end();
}

async function oidcCallback(req: IncomingMessage, res: ServerResponse, url: URL, ctx: ServerContext): Promise<void> {
  if (!ctx.auth.oidc) throw new HttpStatusError(404, 'NotFound', 'OpenID sign-in is not enabled');
  const { user, returnTo } = await ctx.auth.oidc.callback(req, res, url);
  await ctx.auth.sessions.create(req, res, 'oidc', user);
  ctx.audit.write({ type: 'signin', user: user.username, groups: user.groups, verb: 'oidc', resource: '/api/auth/oidc/callback', status: 303, remote: req.socket.remoteAddress });
  res.writeHead(303, { location: returnTo, 'cache-control': 'no-store' });
  res.end();
}

/** Session, sign-in and sign-out routes for all three modes. */
export const sessionModule: BackendModule = {
  name: 'session',
  setup: (ctx) => ({
    routes: [
      { method: 'GET', path: '/api/session', handle: (req, res, _u, c) => sessionInfo(req, res, c) },
      { method: 'POST', path: '/api/auth/signout', handle: (req, res, _u, c) => signOut(req, res, c) },
      { method: 'POST', path: '/api/auth/token', handle: (req, res, _u, c) => tokenSignIn(req, res, c) },
      ...(ctx.auth.oidc
        ? [
            { method: 'GET', path: '/api/auth/oidc/login', handle: (req: IncomingMessage, res: ServerResponse, u: URL) => ctx.auth.oidc!.login(req, res, u) },
            { method: 'GET', path: '/api/auth/oidc/callback', handle: (req: IncomingMessage, res: ServerResponse, u: URL) => oidcCallback(req, res, u, ctx) },
          ]
        : []),
      ...(ctx.auth.mode === 'local'
        ? [{ method: 'GET', path: (p: string, u: URL) => p === '/' && u.searchParams.has('token'), handle: linkSignIn }]
        : []),
    ],
  }),
};

