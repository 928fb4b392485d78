/**
 * `GET MIGRATION_PROGRESS_PATH?site=&node=`: one source node's migration series, as the caller.
 * Answers are shared for `sampleMs` per (upstream identity, site, node), so ten dashboards of
 * one user cost one upstream read per node and sample; concurrent asks share one read.
 */
import { createHash } from 'node:crypto';
import { MIGRATION_PROGRESS_PATH, type MigrationProgressFrame } from '../../lib/api/migrations';
import type { Principal } from '../auth/types';
import type { BackendModule, ServerContext } from '../context';
import { HttpStatusError, sendJson } from '../http/status';
import { handlerPodOf, samplesFromHandler, samplesFromPrometheus } from './progress-sources';

export interface MigrationModuleOptions {
  /** Prometheus base URL per site name; those sites are read by PromQL instead of the pod proxy. */
  prometheus?: Record<string, string>;
  /** How long one read answers every ask of the same identity (default 1000 ms). */
  sampleMs?: number;
}

const POD_TTL_MS = 60_000;
const SWEEP_AT = 500;

/** Who the site sees: answers are only shared between callers the cluster cannot tell apart. */
function identityKey(p: Principal): string {
  const c = p.credential;
  if (c.kind === 'bearer') return `b:${createHash('sha256').update(c.token).digest('base64url')}`;
  if (c.kind === 'impersonate') return `i:${c.username}\n${[...c.groups].sort().join('\n')}`;
  return 's';
}

interface Cached<T> {
  at: number;
  value: Promise<T>;
}

class TtlCache<T> {
  private readonly map = new Map<string, Cached<T>>();
  constructor(private readonly ttlMs: number) {}

  get(key: string, load: () => Promise<T>): Promise<T> {
    const now = Date.now();
    const hit = this.map.get(key);
    if (hit && now - hit.at < this.ttlMs) return hit.value;
    if (this.map.size >= SWEEP_AT)
      for (const [k, v] of this.map) if (now - v.at >= this.ttlMs) this.map.delete(k);
    const value = load();
    this.map.set(key, { at: now, value });
    // A failure is not remembered past its own read.
    value.catch(() => this.map.get(key)?.value === value && this.map.delete(key));
    return value;
  }

  drop(key: string): void {
    this.map.delete(key);
  }
}

export function migrationModule(opts: MigrationModuleOptions = {}): BackendModule {
  return {
    name: 'migrations',
    setup(ctx) {
      const frames = new TtlCache<MigrationProgressFrame>(opts.sampleMs ?? 1000);
      const pods = new TtlCache<string>(POD_TTL_MS);
      const read = async (
        principal: Principal,
        key: string,
        site: string,
        node: string,
      ): Promise<MigrationProgressFrame> => {
        const prom = opts.prometheus?.[site];
        if (prom) {
          const samples = await samplesFromPrometheus(ctx, principal, site, node, prom);
          return { site, node, source: 'prometheus', at: new Date().toISOString(), samples };
        }
        const pod = await pods.get(key, () => handlerPodOf(ctx, principal, site, node));
        try {
          const samples = await samplesFromHandler(ctx, principal, site, node, pod);
          return { site, node, source: 'pod-proxy', at: new Date().toISOString(), samples };
        } catch (err) {
          // The DaemonSet may have replaced the pod: look it up again next time.
          pods.drop(key);
          throw err;
        }
      };
      return {
        routes: [
          {
            method: 'GET',
            path: MIGRATION_PROGRESS_PATH,
            handle: async (req, res, url, c: ServerContext) => {
              const principal = await c.auth.principal(req);
              if (!principal || principal.via !== 'session')
                throw new HttpStatusError(401, 'Unauthorized', 'sign in first');
              const site = url.searchParams.get('site') ?? '';
              const node = url.searchParams.get('node') ?? '';
              if (!site || !node) throw new HttpStatusError(400, 'BadRequest', 'site and node are required');
              if (!c.registry.get(site))
                throw new HttpStatusError(404, 'NotFound', `site "${site}" not found`);
              const key = `${identityKey(principal)}\n${site}\n${node}`;
              sendJson(res, 200, await frames.get(key, () => read(principal, key, site, node)), {
                'cache-control': 'no-store',
              });
            },
          },
        ],
      };
    },
  };
}
