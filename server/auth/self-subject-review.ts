import { request } from 'node:https';
import { SELF_SUBJECT_REVIEW_PATH } from '../../lib/k8s/resources/access-review';
import type { Site } from '../sites/site';
import { HttpStatusError } from '../http/status';
import type { SessionUser } from './types';

/** Result of asking one site who a token belongs to. */
export type ReviewResult = { ok: true; user: SessionUser } | { ok: false; code: number; message: string };

/** `POST /apis/authentication.k8s.io/v1/selfsubjectreviews` with the token; the cluster says who it is. */
export function selfSubjectReview(site: Site, token: string, timeoutMs = 5000): Promise<ReviewResult> {
  return reviewAs(site, site.userAgent, { authorization: `Bearer ${token}` }, timeoutMs);
}

/** Who the console's own credentials are on `site` (local mode shows it as the signed-in user). */
export async function serviceIdentity(site: Site, timeoutMs = 5000): Promise<ReviewResult> {
  const creds = await site.serviceCredentials();
  return reviewAs(site, site.agent, creds.headers, timeoutMs);
}

function reviewAs(site: Site, agent: Site['agent'], auth: Record<string, string>, timeoutMs: number): Promise<ReviewResult> {
  const body = JSON.stringify({ apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview', metadata: {} });
  return new Promise((resolve) => {
    const req = request(
      `${site.server}${SELF_SUBJECT_REVIEW_PATH}`,
      {
        method: 'POST',
        agent,
        timeout: timeoutMs,
        headers: { ...auth, 'content-type': 'application/json', accept: 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const code = res.statusCode ?? 0;
          if (code !== 200 && code !== 201) {
            resolve({ ok: false, code, message: messageOf(text) ?? `HTTP ${code}` });
            return;
          }
          try {
            const info = (JSON.parse(text) as { status?: { userInfo?: { username?: string; groups?: string[] } } }).status?.userInfo;
            if (!info?.username) throw new Error('no username in SelfSubjectReview');
            resolve({ ok: true, user: { username: info.username, groups: info.groups ?? [] } });
          } catch (err) {
            resolve({ ok: false, code: 502, message: (err as Error).message });
          }
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', (err) => resolve({ ok: false, code: 0, message: err.message }));
    req.end(body);
  });
}

function messageOf(text: string): string | undefined {
  try {
    return (JSON.parse(text) as { message?: string }).message;
  } catch {
    return undefined;
  }
}

/**
 * Checks a token against the sites (in order) and returns the first identity a cluster
 * confirms. Refuses with 401 when every reachable site rejects it, 503 when none answers.
 */
export async function verifyToken(sites: Site[], token: string): Promise<SessionUser> {
  const results = await Promise.all(sites.map((s) => selfSubjectReview(s, token)));
  const confirmed = results.find((r): r is Extract<ReviewResult, { ok: true }> => r.ok);
  if (confirmed) return confirmed.user;
  const answered = results.filter((r) => !r.ok && r.code > 0);
  if (answered.length === 0) throw new HttpStatusError(503, 'ServiceUnavailable', 'no cluster could be reached to check the token');
  throw new HttpStatusError(401, 'Unauthorized', 'the token was not accepted by any cluster');
}
