import type { PodProxyCall, SubresourceResult } from '../apiserver/extensions';
import { StatusError } from '../store/status-error';
import { nowIso, R } from '../controllers/refs';
import type { Runtime } from '../controllers/runtime';
import { podIp } from '../controllers/vmi-phase';

const PREFIX = 'virt-handler-';

/** Creates a Running `virt-handler-<node>` pod in `kubevirt` for every node that lacks one. */
export function ensureHandlerPods(rt: Runtime): void {
  for (const node of rt.store.listShared(R.node)) {
    const nodeName = node.metadata.name ?? '';
    const name = `${PREFIX}${nodeName}`;
    if (rt.store.get(R.pod, 'kubevirt', name)) continue;
    const ip = podIp(node, name);
    rt.store.create(R.pod, {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, namespace: 'kubevirt', labels: { 'kubevirt.io': 'virt-handler', 'app.kubernetes.io/component': 'kubevirt', 'prometheus.kubevirt.io': 'true' } },
      spec: { nodeName, containers: [{ name: 'virt-handler', image: 'quay.io/kubevirt/virt-handler:v1.9.0', ports: [{ name: 'metrics', containerPort: 8443, protocol: 'TCP' }] }] },
      status: { phase: 'Running', podIP: ip, podIPs: [{ ip }], hostIP: node.status?.addresses?.[0]?.address, startTime: nowIso(), conditions: [{ type: 'Ready', status: 'True' }] },
    });
  }
}

/** Answers `GET .../pods/virt-handler-<node>/proxy/metrics` with that node's series. */
export async function handlerPodProxy(rt: Runtime, call: PodProxyCall, refresh: () => void): Promise<SubresourceResult> {
  const pod = rt.store.get(R.pod, call.namespace, call.pod);
  if (!pod) throw new StatusError(404, 'NotFound', `pods "${call.pod}" not found`, { name: call.pod, kind: 'pods' });
  if (call.namespace !== 'kubevirt' || !call.pod.startsWith(PREFIX)) {
    throw new StatusError(503, 'ServiceUnavailable', `error trying to reach service: dial tcp ${pod.status?.podIP ?? ''}:80: connect: connection refused`);
  }
  if (call.path !== '/metrics') return { status: 404, body: '404 page not found\n', contentType: 'text/plain; charset=utf-8' };
  refresh();
  return { status: 200, body: await rt.metrics.text(pod.spec?.nodeName), contentType: rt.metrics.registry.contentType };
}
