/**
 * Small JSON calls to a site as a given principal (access reviews, the RTT ping, the VMI
 * lookup of the console probe). Uses the same identity rules as the proxy (`upstreamIdentity`).
 */
import { request } from 'node:https';
import {
  ACCESS_REVIEW_PATH,
  accessReviewBody,
  type AccessReviewAnswer,
  type ResourceAttributes,
} from '../../lib/k8s/resources/access-review';
import { upstreamIdentity } from './upstream-identity';
import type { Principal } from '../auth/types';
import type { ServerContext } from '../context';
import { HttpStatusError } from '../http/status';
import { siteRequestTarget } from './site';

export interface KubeResponse {
  status: number;
  body: unknown;
}

/** One request; transport failures become 502/504 `HttpStatusError`s. */
export async function kubeCall(
  ctx: ServerContext,
  principal: Principal,
  siteName: string,
  method: string,
  path: string,
  body?: unknown,
  timeoutMs = 10_000,
  accept = 'application/json',
): Promise<KubeResponse> {
  const site = ctx.registry.get(siteName);
  if (!site) throw new HttpStatusError(404, 'NotFound', `site "${siteName}" not found`);
  const id = await upstreamIdentity(site, principal);
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        ...siteRequestTarget(site.server, path),
        method,
        agent: id.agent,
        timeout: timeoutMs,
        headers: {
          ...id.headers,
          accept,
          ...(payload === undefined
            ? {}
            : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown = text;
          try {
            parsed = JSON.parse(text);
          } catch {
            // Not JSON (a proxy's HTML page): keep the text for the message.
          }
          resolve({ status: res.statusCode ?? 502, body: parsed });
        });
      },
    );
    req.on('timeout', () =>
      req.destroy(new HttpStatusError(504, 'Timeout', `site "${siteName}" did not answer in time`)),
    );
    req.on('error', (err) =>
      reject(
        err instanceof HttpStatusError
          ? err
          : new HttpStatusError(502, 'ServiceUnavailable', `site "${siteName}" unreachable: ${err.message}`),
      ),
    );
    req.end(payload);
  });
}

/** The `message` of a Kubernetes Status body, if any. */
export function messageOf(body: unknown): string | undefined {
  if (body && typeof body === 'object' && typeof (body as { message?: unknown }).message === 'string') {
    return (body as { message: string }).message;
  }
  return typeof body === 'string' && body.trim() ? body.trim().slice(0, 300) : undefined;
}

/**
 * Asks the cluster, as `principal`, whether it may do `check` (SelfSubjectAccessReview).
 * Throws 403 with the cluster's reason when not allowed.
 */
export async function requireAccess(
  ctx: ServerContext,
  principal: Principal,
  site: string,
  check: ResourceAttributes,
): Promise<void> {
  const res = await kubeCall(ctx, principal, site, 'POST', ACCESS_REVIEW_PATH, accessReviewBody(check));
  if (res.status === 401)
    throw new HttpStatusError(
      401,
      'Unauthorized',
      messageOf(res.body) ?? 'the cluster did not accept the credentials',
    );
  if (res.status !== 201 && res.status !== 200) {
    throw new HttpStatusError(
      res.status >= 500 ? 502 : res.status,
      'ServiceUnavailable',
      messageOf(res.body) ?? `access review failed with HTTP ${res.status}`,
    );
  }
  const status = (res.body as AccessReviewAnswer).status;
  if (!status?.allowed) {
    const what = `${check.verb} ${check.resource}${check.subresource ? `/${check.subresource}` : ''}`;
    throw new HttpStatusError(
      403,
      'Forbidden',
      `${principal.user.username} may not ${what} in namespace ${check.namespace}${status?.reason ? `: ${status.reason}` : ''}`,
    );
  }
}
