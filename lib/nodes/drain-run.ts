/**
 * A node drain as `kubectl drain --pod-selector=kubevirt.io=virt-launcher` does it, through the
 * API as the signed-in user: cordon (spec.unschedulable), then evict every virt-launcher pod on
 * the node with policy/v1 Evictions, retrying refused (429) ones every few seconds until the
 * node holds none. Pods are never deleted directly: KubeVirt and the PodDisruptionBudgets decide.
 */
import { apiPath } from '../k8s/api-path';
import { k8sJson, listObjects } from '../k8s/client';
import { KubeApiError } from '../k8s/kube-api-error';
import { NODE_GVR } from '../k8s/resources/node';
import { evictionBody, LAUNCHER_SELECTOR, launcherVmiName, podEvictionPath, POD_GVR, type KubePod } from '../k8s/resources/pod';

/** The last answer to one VM's eviction. */
export interface EvictionAttempt {
  namespace: string;
  vmi: string;
  pod: string;
  result: 'evicted' | 'refused' | 'gone';
  /** The server's message when refused (429). */
  message?: string;
  attempts: number;
}

export interface DrainRunOptions {
  onAttempt: (a: EvictionAttempt) => void;
  signal: AbortSignal;
  /** kubectl waits 5 s after a 429. */
  retryMs?: number;
}

/** spec.unschedulable on or off, as `kubectl cordon` / `uncordon` patch it. */
export function setCordoned(site: string, node: string, cordoned: boolean): Promise<unknown> {
  return k8sJson(site, apiPath(NODE_GVR, { name: node }), { method: 'PATCH', contentType: 'application/merge-patch+json', body: { spec: { unschedulable: cordoned } } });
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(signal.reason);
    }, { once: true });
  });
}

async function evict(site: string, pod: KubePod, attempts: number): Promise<EvictionAttempt> {
  const namespace = pod.metadata.namespace ?? '';
  const name = pod.metadata.name ?? '';
  const base = { namespace, pod: name, vmi: launcherVmiName(pod) ?? name, attempts };
  try {
    await k8sJson(site, podEvictionPath(namespace, name), { method: 'POST', body: evictionBody(namespace, name) });
    return { ...base, result: 'evicted' };
  } catch (err) {
    if (err instanceof KubeApiError && err.code === 429) return { ...base, result: 'refused', message: err.message };
    if (err instanceof KubeApiError && err.code === 404) return { ...base, result: 'gone' };
    throw err;
  }
}

/** Cordons and drains; resolves when no virt-launcher pod is left on the node. Any error but 429/404 ends it. */
export async function drainNode(site: string, node: string, o: DrainRunOptions): Promise<void> {
  await setCordoned(site, node, true);
  const attempts = new Map<string, number>();
  for (;;) {
    o.signal.throwIfAborted();
    const pods = await listObjects<KubePod>(site, POD_GVR, { labelSelector: LAUNCHER_SELECTOR, fieldSelector: `spec.nodeName=${node}`, signal: o.signal });
    const live = pods.items.filter((p) => !p.metadata.deletionTimestamp && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed');
    if (!live.length) return;
    for (const pod of live) {
      const n = (attempts.get(pod.metadata.uid ?? '') ?? 0) + 1;
      attempts.set(pod.metadata.uid ?? '', n);
      o.onAttempt(await evict(site, pod, n));
    }
    await sleep(o.retryMs ?? 5000, o.signal);
  }
}
