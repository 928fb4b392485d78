import * as k8s from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLab, type Lab } from '../../lab/lab';

const VM = { group: 'kubevirt.io', version: 'v1', namespace: 'default', plural: 'virtualmachines' };

function vm(name: string) {
  return {
    apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachine', metadata: { name, labels: { app: 'informer' } },
    spec: { runStrategy: 'Halted', template: { spec: { domain: { devices: {}, memory: { guest: '64Mi' } } } } },
  };
}

/** Polls until `fn` returns true; rejects with `what` after `ms`. */
async function until(what: string, fn: () => boolean, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!fn()) {
    if (Date.now() > end) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('@kubernetes/client-node against the lab', () => {
  let lab: Lab;
  let kc: k8s.KubeConfig;
  let api: k8s.CustomObjectsApi;
  beforeAll(async () => {
    lab = await startLab({ sites: ['central'], seed: 'none', timeScale: 0.05 });
    kc = new k8s.KubeConfig();
    kc.loadFromString(lab.kubeconfig);
    api = kc.makeApiClient(k8s.CustomObjectsApi);
  });
  afterAll(async () => {
    await lab.stop();
  });

  it('lists core and custom resources over TLS with the kubeconfig CA and token', async () => {
    const core = kc.makeApiClient(k8s.CoreV1Api);
    const namespaces = await core.listNamespace();
    expect(namespaces.items.map((n) => n.metadata?.name)).toEqual(expect.arrayContaining(['default', 'kube-system', 'kubevirt', 'cdi']));
    await api.createNamespacedCustomObject({ ...VM, body: vm('listed') });
    const list = await api.listNamespacedCustomObject(VM);
    expect(list.kind).toBe('VirtualMachineList');
    expect(list.items.map((i: k8s.KubernetesObject) => i.metadata?.name)).toContain('listed');
    const err = await api.getNamespacedCustomObject({ ...VM, name: 'missing' }).catch((e: unknown) => e);
    expect((err as { code?: number }).code).toBe(404);
  });

  it('runs an informer that sees add, update and delete, and survives an API server restart', async () => {
    let lists = 0;
    const listFn = () => {
      lists++;
      return api.listNamespacedCustomObject(VM) as Promise<k8s.KubernetesListObject<k8s.KubernetesObject>>;
    };
    const informer = k8s.makeInformer(kc, '/apis/kubevirt.io/v1/namespaces/default/virtualmachines', listFn);
    const seen: string[] = [];
    informer.on('add', (o) => seen.push(`add:${o.metadata?.name}`));
    informer.on('update', (o) => seen.push(`update:${o.metadata?.name}:${(o as { spec?: { runStrategy?: string } }).spec?.runStrategy}`));
    informer.on('delete', (o) => seen.push(`delete:${o.metadata?.name}`));
    // A network error stops a client-node informer; restarting it is the documented pattern.
    informer.on('error', () => {
      setTimeout(() => void informer.start(), 200);
    });
    await informer.start();
    try {
      await until('initial list', () => seen.includes('add:listed'));
      await api.createNamespacedCustomObject({ ...VM, body: vm('inf-1') });
      await until('add event', () => seen.includes('add:inf-1'));
      await api.patchNamespacedCustomObject(
        { ...VM, name: 'inf-1', body: { spec: { runStrategy: 'Manual' } } },
        k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
      );
      await until('update event', () => seen.includes('update:inf-1:Manual'));
      await api.deleteNamespacedCustomObject({ ...VM, name: 'listed' });
      await until('delete event', () => seen.includes('delete:listed'));

      // Another resource moves the store past the informer's resourceVersion; after the
      // restart the new watch window starts there, so the informer's resume gets 410 and re-lists.
      const site = lab.site('central');
      site.store.create({ group: '', resource: 'configmaps' }, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'bump', namespace: 'default' } });
      const listsBefore = lists;
      await site.restart();
      await until('re-list after 410', () => lists > listsBefore);
      await api.createNamespacedCustomObject({ ...VM, body: vm('after-restart') });
      await until('add after restart', () => seen.includes('add:after-restart'));
      expect(informer.list().map((o) => o.metadata?.name).sort()).toEqual(['after-restart', 'inf-1']);
    } finally {
      await informer.stop();
    }
  });

  it('keeps an idle watch alive with periodic bookmarks (newlines without allowWatchBookmarks)', async () => {
    const watch = new k8s.Watch(kc);
    const events: string[] = [];
    let ended = false;
    const req = await watch.watch('/apis/kubevirt.io/v1/namespaces/default/virtualmachines', { allowWatchBookmarks: true, resourceVersion: lab.site('central').store.resourceVersion() },
      (type) => events.push(type), () => {
        ended = true;
      });
    try {
      await until('bookmark', () => events.includes('BOOKMARK'), 15_000);
      expect(ended).toBe(false);
    } finally {
      req.abort();
    }
  });
});
