import { request } from 'node:https';
import type { SiteHealth } from '../../lib/api/sites';
import type { Site } from './site';
import { siteRequestTarget } from './site';


export interface ProbeResult {
  ok: boolean;
  rttMs: number;
  message: string;
}

/**
 * One reachability probe: `GET /version` with the console's identity. Any HTTP answer means the
 * API server is there (a 401/403 still proves reachability); only transport failures and
 * timeouts count as unreachable.
 */
export async function probeSite(site: Site, timeoutMs: number): Promise<ProbeResult> {
  let creds: Awaited<ReturnType<Site['serviceCredentials']>>;
  try {
    creds = await site.serviceCredentials();
  } catch (err) {
    return { ok: false, rttMs: 0, message: err instanceof Error ? err.message : String(err) };
  }
  const started = performance.now();
  return new Promise((resolve) => {
    let settled = false;
    const done = (r: ProbeResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(r);
    };
    const req = request({ ...siteRequestTarget(site.server, '/version'), method: 'GET', agent: site.agent, headers: { ...creds.headers, accept: 'application/json' } }, (res) => {
      res.resume();
      res.on('end', () => {
        const rttMs = Math.round(performance.now() - started);
        const code = res.statusCode ?? 0;
        done({ ok: code < 500, rttMs, message: code < 500 ? `HTTP ${code}` : `API server answered HTTP ${code}` });
      });
      res.on('error', (err) => done({ ok: false, rttMs: 0, message: err.message }));
    });
    const timer = setTimeout(() => {
      req.destroy(new Error(`no answer within ${timeoutMs} ms`));
    }, timeoutMs);
    req.on('error', (err) => done({ ok: false, rttMs: 0, message: err.message }));
    req.end();
  });
}

/** Thresholds that turn a run of probe results into a health state. */
export interface HealthPolicy {
  /** A successful probe slower than this marks the site degraded. */
  slowRttMs: number;
  /** Failed probes in a row before a site counts as unreachable (one failure = degraded). */
  failuresToUnreachable: number;
}

/** Pure health decision from the last result and the count of consecutive failures. */
export function healthFrom(result: ProbeResult, consecutiveFailures: number, policy: HealthPolicy): SiteHealth {
  if (!result.ok) return consecutiveFailures >= policy.failuresToUnreachable ? 'unreachable' : 'degraded';
  return result.rttMs > policy.slowRttMs ? 'degraded' : 'healthy';
}

/** Next probe delay: the base interval while healthy, doubling per failure up to a cap. */
export function nextProbeDelay(consecutiveFailures: number, baseMs: number, maxMs: number): number {
  if (consecutiveFailures <= 0) return baseMs;
  return Math.min(maxMs, Math.round(Math.max(250, baseMs / 4) * 2 ** (consecutiveFailures - 1)));
}
