import { budgetStatus } from '../apiserver/disruption-budget';
import { mutate } from './mutate';
import { R } from './refs';
import type { Runtime } from './runtime';
import { WorkQueue } from './work-queue';

/**
 * kube-controller-manager's disruption controller: keeps each PodDisruptionBudget's status
 * (expectedPods, currentHealthy, desiredHealthy, disruptionsAllowed) current as pods change.
 * Pods a recent eviction disrupted stay counted out until they are gone, as upstream does.
 */
export function startDisruptionController(rt: Runtime): () => void {
  const q = new WorkQueue('disruption', (ns) => {
    for (const pdb of rt.store.listShared(R.pdb, ns)) {
      const s = budgetStatus(rt.store, pdb);
      mutate(rt.store, R.pdb, ns, pdb.metadata.name ?? '', (o) => {
        const alive = new Set(rt.store.listShared(R.pod, ns).map((p) => p.metadata.name));
        const disrupted = Object.fromEntries(Object.entries((o.status?.disruptedPods ?? {}) as Record<string, string>).filter(([p]) => alive.has(p)));
        const pending = Object.keys(disrupted).length;
        o.status = { ...(o.status ?? {}), ...s, disruptionsAllowed: Math.max(0, s.disruptionsAllowed - pending), observedGeneration: o.metadata.generation ?? 1 };
        if (pending) o.status.disruptedPods = disrupted;
        else delete o.status.disruptedPods;
      });
    }
  });
  const stop = rt.store.watch(null, Number(rt.store.resourceVersion()), (ev) => {
    if (ev.key === 'pods' || ev.key === 'poddisruptionbudgets.policy') q.add(ev.object.metadata.namespace ?? '');
  });
  for (const pdb of rt.store.listShared(R.pdb)) q.add(pdb.metadata.namespace ?? '');
  return () => {
    stop();
    q.stop();
  };
}
