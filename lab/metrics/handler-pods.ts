import type { PodProxyCall, SubresourceResult } from '../apiserver/extensions';
import { StatusError } from '../store/status-error';
import { nowIso, R } from '../controllers/refs';
import type { Runtime } from '../controllers/runtime';
import { mutate } from '../controllers/mutate';
import { podIp } from '../controllers/vmi-phase';

const PREFIX = 'virt-handler-';
/** virt-handler serves its metrics over TLS on this port only. */
const METRICS_PORT = '8443';

/**
 * The proxy's `[scheme:]name[:port]` (k8s.io/apimachinery `SplitSchemeNamePort`): no port means
 * port 80 and no scheme means http, as kube-apiserver dials it.
 */
function splitSchemeNamePort(id: string): { scheme: string; name: string; port: string } | null {
  const parts = id.split(':');
  const [a = '', b = '', c = ''] = parts;
  const out = parts.length === 1 ? { scheme: '', name: a, port: '' } : parts.length === 2 ? { scheme: '', name: a, port: b } : parts.length === 3 ? { scheme: a, name: b, port: c } : null;
  if (!out || !out.name || !['', 'http', 'https'].includes(out.scheme)) return null;
  return out;
}

function refused(ip: string, port: string): StatusError {
  return new StatusError(503, 'ServiceUnavailable', `error trying to reach service: dial tcp ${ip}:${port}: connect: connection refused`);
}

/** Creates a Running `virt-handler-<node>` pod in `kubevirt` for every node that lacks one. */
export function ensureHandlerPods(rt: Runtime): void {
  for (const node of rt.store.listShared(R.node)) {
    const nodeName = node.metadata.name ?? '';
    const name = `${PREFIX}${nodeName}`;
    const existing = rt.store.get(R.pod, 'kubevirt', name);
    if (existing && existing.status?.containerStatuses) continue;
    if (existing) {
      // A pod from an older lab store: give it the container statuses it lacked.
      mutate(rt.store, R.pod, 'kubevirt', name, (o) => {
        o.status = handlerStatus(o.status?.podIP ?? podIp(node, name), o.status?.hostIP);
      });
      continue;
    }
    const ip = podIp(node, name);
    rt.store.create(R.pod, {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, namespace: 'kubevirt', labels: { 'kubevirt.io': 'virt-handler', 'app.kubernetes.io/component': 'kubevirt', 'prometheus.kubevirt.io': 'true' } },
      spec: { nodeName, containers: [{ name: 'virt-handler', image: 'quay.io/kubevirt/virt-handler:v1.9.0', ports: [{ name: 'metrics', containerPort: 8443, protocol: 'TCP' }] }] },
      status: handlerStatus(ip, node.status?.addresses?.[0]?.address),
    });
  }
}

/** A Running pod whose one container is ready (READY 1/1 in kubectl). */
function handlerStatus(ip: string, hostIP: string | undefined): Record<string, unknown> {
  const now = nowIso();
  const cond = (type: string) => ({ type, status: 'True', lastTransitionTime: now });
  return {
    phase: 'Running',
    podIP: ip,
    podIPs: [{ ip }],
    hostIP,
    startTime: now,
    conditions: ['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled'].map(cond),
    containerStatuses: [
      {
        name: 'virt-handler',
        image: 'quay.io/kubevirt/virt-handler:v1.9.0',
        imageID: 'quay.io/kubevirt/virt-handler@sha256:0d8c5e4b1f0a6a3f2e7c9b8d1e4f6a2c3b5d7e9f1a2b3c4d5e6f708192a3b4c5',
        ready: true,
        started: true,
        restartCount: 0,
        state: { running: { startedAt: now } },
      },
    ],
  };
}

/**
 * Answers `GET .../pods/https:virt-handler-<node>:8443/proxy/metrics` with that node's series.
 * Other forms fail as on a real cluster: the bare name dials port 80 (nothing listens), plain
 * http on 8443 meets the TLS listener, any other pod or port is refused.
 */
export async function handlerPodProxy(rt: Runtime, call: PodProxyCall, refresh: () => void): Promise<SubresourceResult> {
  const id = splitSchemeNamePort(call.pod);
  if (!id) throw new StatusError(400, 'BadRequest', `invalid request "${call.pod}"`);
  const pod = rt.store.get(R.pod, call.namespace, id.name);
  if (!pod) throw new StatusError(404, 'NotFound', `pods "${id.name}" not found`, { name: id.name, kind: 'pods' });
  const ip = pod.status?.podIP ?? '';
  const port = id.port || '80';
  if (call.namespace !== 'kubevirt' || !id.name.startsWith(PREFIX) || port !== METRICS_PORT) throw refused(ip, port);
  if (id.scheme !== 'https') return { status: 400, body: 'Client sent an HTTP request to an HTTPS server.\n', contentType: 'text/plain; charset=utf-8' };
  if (call.path !== '/metrics') return { status: 404, body: '404 page not found\n', contentType: 'text/plain; charset=utf-8' };
  refresh();
  return { status: 200, body: await rt.metrics.text(pod.spec?.nodeName), contentType: rt.metrics.registry.contentType };
}
