/**
 * Embed links as an authentication method: the `embed` query parameter of a console
 * websocket or console API call is verified (signature, expiry), and yields a principal that
 * acts as the user who minted the link but may open only that link's VM and console kind.
 */
import type { IncomingMessage } from 'node:http';
import { originAllowed } from '../../lib/console/embed-protocol';
import type {
  Principal,
  UpgradeAuthenticator,
  UpgradeTarget,
  UpstreamCredential,
  SessionUser,
} from '../auth/types';
import { requestOrigin } from '../http/origin';
import { HttpStatusError } from '../http/status';
import { EmbedTokenError, verifyEmbedToken, type EmbedClaims } from './embed-token';
import type { RevocationList } from '../auth/revocations';

/** What a link acts as: sealed inside the token. */
export interface EmbedIdentity {
  user: SessionUser;
  credential: UpstreamCredential;
}

/** Claims of the link behind an embed principal (view-only is enforced where the bytes flow). */
const linkClaims = new WeakMap<Principal, EmbedClaims>();

/** The link claims if `principal` came from an embed link. */
export function embedClaimsOf(principal: Principal): EmbedClaims | undefined {
  return linkClaims.get(principal);
}

/** Whether a link of `kind` covers a websocket/route target kind. */
export function kindCovers(kind: EmbedClaims['kind'], targetKind: string): boolean {
  return kind === 'vnc'
    ? targetKind === 'vnc'
    : targetKind === 'console' || targetKind === 'serial-hub' || targetKind === 'serial';
}

function refusal(err: unknown): HttpStatusError {
  if (err instanceof EmbedTokenError) {
    if (err.code === 'expired') return new HttpStatusError(401, 'Expired', err.message);
    return new HttpStatusError(401, 'Unauthorized', err.message);
  }
  return new HttpStatusError(401, 'Unauthorized', 'invalid console link');
}

/**
 * Verifies a link token and the request's Origin: our own pages (the embed page runs on our
 * origin inside the portal's iframe) or one of the link's allowed parent origins. Anything
 * else, e.g. a foreign page opening the websocket with a stolen link, is refused.
 */
export interface LinkCheckOptions {
  trustProxy: boolean;
  /** Extra origins that are ours (the public URL behind a proxy). */
  publicOrigins?: readonly string[];
  /** Websocket upgrades always carry Origin in browsers; a missing one is refused there. */
  requireOrigin?: boolean;
  /** Revoked links are refused, and sockets they opened close (`revokeEmbedLink`). */
  revocations?: RevocationList;
}

/** The id an embed link is revoked by in the shared revocation list. */
export function embedRevocationId(jti: string): string {
  return `embed:${jti}`;
}

export function principalFromLink(
  secret: string | Buffer,
  token: string,
  req: IncomingMessage,
  opts: LinkCheckOptions,
): Principal {
  let link;
  try {
    link = verifyEmbedToken<EmbedIdentity>(secret, token);
  } catch (err) {
    throw refusal(err);
  }
  const { claims, identity } = link;
  const revocations = opts.revocations;
  const revocationId = embedRevocationId(claims.jti);
  if (revocations?.isRevoked(revocationId)) throw new HttpStatusError(401, 'Unauthorized', 'this console link was revoked');
  const origin = req.headers.origin;
  if (origin === undefined && opts.requireOrigin)
    throw new HttpStatusError(403, 'Forbidden', 'a console link needs an Origin header');
  if (origin !== undefined) {
    const own = [requestOrigin(req, opts.trustProxy), ...(opts.publicOrigins ?? [])].filter(
      (o): o is string => !!o,
    );
    if (!originAllowed(origin, own) && !originAllowed(origin, claims.origins)) {
      throw new HttpStatusError(403, 'Forbidden', 'this console link may not be used from that origin');
    }
  }
  const principal: Principal = {
    user: identity.user,
    credential: identity.credential,
    via: 'embed',
    expiresAt: claims.exp * 1000,
    ...(revocations ? { stillValid: () => !revocations.isRevoked(revocationId) } : {}),
    allows: (t: UpgradeTarget) =>
      t.site === claims.site &&
      t.namespace === claims.namespace &&
      t.name === claims.name &&
      kindCovers(claims.kind, t.kind),
  };
  linkClaims.set(principal, claims);
  return principal;
}

/** The upgrade authenticator registered with the auth service. */
export function embedAuthenticator(
  secret: string | Buffer,
  opts: Omit<LinkCheckOptions, 'requireOrigin'>,
): UpgradeAuthenticator {
  return {
    name: 'embed',
    async authenticate(req, url) {
      const token = url.searchParams.get('embed');
      if (!token) return undefined;
      return principalFromLink(secret, token, req, { ...opts, requireOrigin: true });
    },
  };
}
