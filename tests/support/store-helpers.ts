import type { SiteContext } from '../../lab/apiserver/extensions';
import { ObjectStore } from '../../lab/store/object-store';
import type { KubeObject } from '../../lab/store/types';
import type { ResourceRef } from '../../lab/store/object-store';

/** A site context over a bare store, for controller tests without the HTTP server. */
export function storeContext(name = 'central', timeScale = 0.02): SiteContext {
  return { name, store: new ObjectStore(), tls: { key: '', cert: '', ca: '' }, host: '127.0.0.1', timeScale, url: () => 'https://127.0.0.1:0' };
}

/** Resolves with the object once `pred` holds (checked on every store change), or rejects after `ms`. */
export function waitFor(store: ObjectStore, ref: ResourceRef, ns: string | undefined, name: string, pred: (o: KubeObject | undefined) => boolean, ms = 20_000): Promise<KubeObject | undefined> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const o = store.get(ref, ns, name);
      if (pred(o)) {
        cleanup();
        resolve(o);
        return true;
      }
      return false;
    };
    const stop = store.watch(null, Number(store.resourceVersion()), () => void check());
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`timed out waiting for ${ref.resource} ${ns}/${name}: ${JSON.stringify(store.get(ref, ns, name)?.status ?? null)}`));
    }, ms);
    const cleanup = () => {
      stop();
      clearTimeout(timer);
    };
    check();
  });
}
