import type { IncomingMessage, ServerResponse } from 'node:http';
import { SESSION_API, type SignedIn, type SignedOut, type SignInHint } from '../../lib/api/session';
import { verifyToken } from '../auth/self-subject-review';
import { SignInLimiter } from '../auth/signin-limit';
import type { BackendModule, ServerContext } from '../context';
import { readJsonObject } from '../http/body';
import { clientAddress, isSameOrigin } from '../http/origin';
import { HttpStatusError, sendJson } from '../http/status';

async function sessionInfo(req: IncomingMessage, res: ServerResponse, ctx: ServerContext): Promise<void> {
  const p = await ctx.auth.principal(req);
  if (!p) {
    const out: SignedOut = { authenticated: false, mode: ctx.auth.mode, signIn: signInHint(ctx) };
    sendJson(res, 401, out);
    return;
  }
  const info: SignedIn = {
    authenticated: true,
    mode: ctx.auth.mode,
    user: p.user,
    csrfToken: p.csrfToken ?? '',
  };
  sendJson(res, 200, info);
}

/** Tells the sign-in page what to offer. */
function signInHint(ctx: ServerContext): SignInHint {
  if (ctx.auth.mode === 'oidc') return { kind: 'oidc', url: SESSION_API.oidcLogin };
  if (ctx.auth.mode === 'token') return { kind: 'token', url: SESSION_API.tokenSignIn };
  return { kind: 'local' };
}

/** RFC 6750 b64token characters, as in an Authorization header (no controls, no spaces, ASCII). */
const BEARER_TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;

/** POST /api/auth/token `{ "token": "…" }`: the cluster confirms the token, the session keeps it. */
async function tokenSignIn(
  req: IncomingMessage,
  res: ServerResponse,
  ctx: ServerContext,
  limiter: SignInLimiter,
): Promise<void> {
  if (ctx.auth.mode !== 'token') throw new HttpStatusError(404, 'NotFound', 'token sign-in is not enabled');
  if (!isSameOrigin(req, ctx.trustProxy, ctx.publicOrigins))
    throw new HttpStatusError(403, 'Forbidden', 'cross-origin request refused');
  const remote = clientAddress(req, ctx.trustProxy);
  await limiter.check(remote);
  const body = await readJsonObject(req, 16 * 1024);
  const token = typeof body.token === 'string' ? body.token.trim() : '';
  if (!token) throw new HttpStatusError(400, 'BadRequest', 'a bearer token is required');
  if (!BEARER_TOKEN.test(token)) {
    await limiter.failed(remote);
    ctx.audit.write({
      type: 'signin',
      user: '(unknown)',
      verb: 'token',
      resource: SESSION_API.tokenSignIn,
      status: 400,
      remote,
    });
    throw new HttpStatusError(
      400,
      'BadRequest',
      'a bearer token is printable ASCII without spaces (RFC 6750)',
    );
  }
  const sites = ctx.registry.names().flatMap((n) => {
    const s = ctx.registry.get(n);
    return s ? [s] : [];
  });
  let user;
  try {
    user = await verifyToken(sites, token);
  } catch (err) {
    await limiter.failed(remote);
    ctx.audit.write({
      type: 'signin',
      user: '(unknown)',
      verb: 'token',
      resource: SESSION_API.tokenSignIn,
      status: err instanceof HttpStatusError ? err.code : 500,
      remote,
    });
    throw err;
  }
  const data = await ctx.auth.sessions.create(req, res, 'token', user, token);
  ctx.audit.write({
    type: 'signin',
    user: user.username,
    groups: user.groups,
    verb: 'token',
    resource: SESSION_API.tokenSignIn,
    status: 200,
    remote,
  });
  const info: SignedIn = { authenticated: true, mode: 'token', user, csrfToken: data.csrf };
  sendJson(res, 200, info);
}

async function signOut(req: IncomingMessage, res: ServerResponse, ctx: ServerContext): Promise<void> {
  const p = await ctx.auth.principal(req);
  if (p) {
    if (!isSameOrigin(req, ctx.trustProxy, ctx.publicOrigins))
      throw new HttpStatusError(403, 'Forbidden', 'cross-origin request refused');
    if (req.headers['x-csrf-token'] !== p.csrfToken)
      throw new HttpStatusError(403, 'Forbidden', 'missing or wrong x-csrf-token header');
    ctx.audit.write({
      type: 'signout',
      user: p.user.username,
      verb: 'signout',
      resource: SESSION_API.signOut,
      status: 200,
      remote: req.socket.remoteAddress,
    });
    ctx.auth.revoke(p);
  }
  ctx.auth.sessions.clear(req, res);
  const out: SignedOut = { authenticated: false, mode: ctx.auth.mode };
  sendJson(res, 200, out);
}

/** Local mode: `GET /?token=<one-time>` signs in once and redirects to `/`. */
async function linkSignIn(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  ctx: ServerContext,
): Promise<void> {
  const token = url.searchParams.get('token') ?? '';
  if (!ctx.auth.consumeLinkToken(token)) {
    ctx.audit.write({
      type: 'signin',
      user: '(anonymous)',
      verb: 'link',
      resource: '/',
      status: 401,
      detail: 'sign-in link already used or wrong',
      remote: clientAddress(req, ctx.trustProxy),
    });
    // Used or wrong link: show the app signed out rather than an error page.
    res.writeHead(303, { location: '/?signin=expired', 'cache-control': 'no-store' });
    res.end();
    return;
  }
  const user = ctx.auth.localIdentity;
  await ctx.auth.sessions.create(req, res, 'local', user);
  ctx.audit.write({
    type: 'signin',
    user: user.username,
    verb: 'link',
    resource: '/',
    status: 303,
    remote: req.socket.remoteAddress,
  });
  res.writeHead(303, { location: '/', 'cache-control': 'no-store' });
  res.end();
}

async function oidcCallback(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  ctx: ServerContext,
): Promise<void> {
  if (!ctx.auth.oidc) throw new HttpStatusError(404, 'NotFound', 'OpenID sign-in is not enabled');
  const { user, returnTo } = await ctx.auth.oidc.callback(req, res, url);
  await ctx.auth.sessions.create(req, res, 'oidc', user);
  ctx.audit.write({
    type: 'signin',
    user: user.username,
    groups: user.groups,
    verb: 'oidc',
    resource: SESSION_API.oidcCallback,
    status: 303,
    remote: req.socket.remoteAddress,
  });
  res.writeHead(303, { location: returnTo, 'cache-control': 'no-store' });
  res.end();
}

/** Session, sign-in and sign-out routes for all three modes. */
export const sessionModule: BackendModule = {
  name: 'session',
  setup: (ctx) => {
    const limiter = new SignInLimiter(ctx.limits.signInFailuresPerMinute);
    return {
      routes: [
        { method: 'GET', path: SESSION_API.session, handle: (req, res, _u, c) => sessionInfo(req, res, c) },
        { method: 'POST', path: SESSION_API.signOut, handle: (req, res, _u, c) => signOut(req, res, c) },
        {
          method: 'POST',
          path: SESSION_API.tokenSignIn,
          handle: (req, res, _u, c) => tokenSignIn(req, res, c, limiter),
        },
        ...(ctx.auth.oidc
          ? [
              {
                method: 'GET',
                path: SESSION_API.oidcLogin,
                handle: (req: IncomingMessage, res: ServerResponse, u: URL) =>
                  ctx.auth.oidc!.login(req, res, u),
              },
              {
                method: 'GET',
                path: SESSION_API.oidcCallback,
                handle: (req: IncomingMessage, res: ServerResponse, u: URL) => oidcCallback(req, res, u, ctx),
              },
            ]
          : []),
        ...(ctx.auth.mode === 'local'
          ? [
              {
                method: 'GET',
                path: (p: string, u: URL) => p === '/' && u.searchParams.has('token'),
                name: '/?token',
                handle: linkSignIn,
              },
            ]
          : []),
      ],
    };
  },
};
