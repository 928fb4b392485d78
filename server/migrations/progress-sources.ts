/**
 * Where a node's migration series come from: its virt-handler through the site's API server
 * (pod proxy, as the signed-in user, so the cluster's RBAC decides), or the site's Prometheus.
 */
import type { MigrationSample } from '../../lib/api/migrations';
import {
  handlerMetricsPath,
  handlerPodsPath,
  KUBEVIRT_NAMESPACE,
  POD_GVR,
  type KubePod,
} from '../../lib/k8s/resources/pod';
import type { Principal } from '../auth/types';
import type { ServerContext } from '../context';
import { HttpStatusError } from '../http/status';
import { kubeCall, messageOf, requireAccess } from '../sites/kube-call';
import { migrationSeriesQuery, samplesFrom, seriesFromText, type Series } from './migration-series';

/** The text exposition Prometheus scrapers ask for. */
const PROM_TEXT = 'text/plain;version=0.0.4;q=1,*/*;q=0.1';

function upstreamError(status: number, body: unknown, what: string): HttpStatusError {
  const code = status === 401 || status === 403 || status === 404 ? status : 502;
  return new HttpStatusError(
    code,
    code === 502
      ? 'ServiceUnavailable'
      : code === 404
        ? 'NotFound'
        : code === 403
          ? 'Forbidden'
          : 'Unauthorized',
    messageOf(body) ?? `${what} failed with HTTP ${status}`,
  );
}

/** The virt-handler pod of `node` (DaemonSet pods carry a random suffix, so it is looked up). */
export async function handlerPodOf(
  ctx: ServerContext,
  principal: Principal,
  site: string,
  node: string,
): Promise<string> {
  const res = await kubeCall(ctx, principal, site, 'GET', handlerPodsPath(node));
  if (res.status !== 200) throw upstreamError(res.status, res.body, 'listing virt-handler pods');
  const pods = ((res.body as { items?: KubePod[] }).items ?? []).filter((p) => p.status?.phase === 'Running');
  const name = pods[0]?.metadata.name;
  if (!name)
    throw new HttpStatusError(
      404,
      'NotFound',
      `no running virt-handler pod on node "${node}" of site "${site}"`,
    );
  return name;
}

/** Reads `pods/https:<handler>:8443/proxy/metrics` and folds the node's migration series. */
export async function samplesFromHandler(
  ctx: ServerContext,
  principal: Principal,
  site: string,
  node: string,
  pod: string,
): Promise<MigrationSample[]> {
  const res = await kubeCall(
    ctx,
    principal,
    site,
    'GET',
    handlerMetricsPath(pod),
    undefined,
    10_000,
    PROM_TEXT,
  );
  if (res.status !== 200 || typeof res.body !== 'string')
    throw upstreamError(res.status, res.body, `reading ${pod}'s metrics`);
  return samplesFrom(seriesFromText(res.body), node);
}

/**
 * The same series from a Prometheus instant query. Prometheus has no per-user rights, so the
 * caller must be allowed what the pod-proxy path needs (get pods/proxy in KubeVirt's namespace).
 */
export async function samplesFromPrometheus(
  ctx: ServerContext,
  principal: Principal,
  site: string,
  node: string,
  baseUrl: string,
): Promise<MigrationSample[]> {
  await requireAccess(ctx, principal, site, {
    namespace: KUBEVIRT_NAMESPACE,
    verb: 'get',
    group: POD_GVR.group,
    resource: POD_GVR.resource,
    subresource: 'proxy',
  });
  const url = new URL('api/v1/query', baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`);
  url.searchParams.set('query', migrationSeriesQuery(node));
  let res: Response;
  try {
    res = await fetch(url, { signal: AbortSignal.timeout(10_000), headers: { accept: 'application/json' } });
  } catch (err) {
    throw new HttpStatusError(
      502,
      'ServiceUnavailable',
      `Prometheus of site "${site}" unreachable: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  const body = (await res.json().catch(() => ({}))) as {
    status?: string;
    error?: string;
    data?: { result?: { metric: Record<string, string>; value: [number, string] }[] };
  };
  if (!res.ok || body.status !== 'success')
    throw new HttpStatusError(
      502,
      'ServiceUnavailable',
      `Prometheus of site "${site}": ${body.error ?? `HTTP ${res.status}`}`,
    );
  const series: Series[] = (body.data?.result ?? []).map(
    ({ metric: { __name__: name = '', ...labels }, value }) => ({ name, labels, value: Number(value[1]) }),
  );
  return samplesFrom(series, node);
}
