import type { KubeObject } from '../store/types';
import { mutate } from '../controllers/mutate';
import { R } from '../controllers/refs';
import type { Runtime } from '../controllers/runtime';
import { startDvController } from './dv-controller';
import { startPvcBinder } from './pvc-binder';
import { admitUploadToken, UploadTokens } from './upload-token';
import { startUploadProxy } from './upload-proxy';
import { VolumeFiles } from './volume-files';

/** CDI of one site: volume files, PVC binding, DataVolumes, upload tokens and the upload proxy. */
export interface Cdi {
  files: VolumeFiles;
  /** Admission step for `uploadtokenrequests` creates. */
  admitToken(obj: KubeObject): KubeObject;
  /** Resolves once the upload proxy listens and CDIConfig points at it. */
  ready: Promise<string>;
  stop(): Promise<void>;
}

/** Starts CDI's controllers and the upload proxy for a site. */
export function startCdi(rt: Runtime): Cdi {
  const files = new VolumeFiles(rt.ctx.name);
  const tokens = new UploadTokens();
  const stops = [startPvcBinder(rt), startDvController(rt, files)];
  // UploadTokenRequest is a virtual resource in CDI: answered, never kept.
  stops.push(
    rt.store.watch(R.uploadToken, Number(rt.store.resourceVersion()), (ev) => {
      if (ev.type !== 'ADDED') return;
      setImmediate(() => {
        try {
          rt.store.delete(R.uploadToken, ev.object.metadata.namespace, ev.object.metadata.name ?? '');
        } catch {
          // Already gone.
        }
      });
    }),
  );
  const proxy = startUploadProxy(rt, files, tokens);
  const ready = proxy.then(({ hostPort }) => {
    mutate(rt.store, R.cdiConfig, undefined, 'config', (o) => {
      o.status = { ...(o.status ?? {}), uploadProxyURL: hostPort };
    });
    return hostPort;
  });
  ready.catch((err: unknown) => console.error('[lab cdi] upload proxy failed to start:', err));
  return {
    files,
    admitToken: (obj) => admitUploadToken(tokens, obj),
    ready,
    stop: async () => {
      for (const s of stops) s();
      const { server } = await proxy;
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      files.cleanup();
    },
  };
}
