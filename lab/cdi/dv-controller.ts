import type { KubeObject } from '../store/types';
import { controllerRef, R } from '../controllers/refs';
import { DELAYS, type Runtime } from '../controllers/runtime';
import { isWffcClaim } from '../controllers/volumes';
import { keyOf, splitKey, WorkQueue } from '../controllers/work-queue';
import { patchDv, progressString } from './dv-status';
import { TransferError } from './http-import';
import { runTransfer } from './transfers';
import type { VolumeFiles } from './volume-files';

const IMMEDIATE_ANN = 'cdi.kubevirt.io/storage.bind.immediate.requested';

interface Transfer {
  abort: AbortController;
  state: 'running' | 'backoff';
}

/** The kind of work a DataVolume's source means: Import, Clone or Upload. */
export function transferKind(dv: KubeObject): 'Import' | 'Clone' | 'Upload' {
  const s = dv.spec?.source ?? {};
  if (s.pvc || s.snapshot) return 'Clone';
  if (s.upload) return 'Upload';
  return 'Import';
}

function defaultVirtClass(rt: Runtime): string | undefined {
  const scs = rt.store.listShared(R.storageClass);
  const pick = (ann: string) => scs.find((s) => s.metadata.annotations?.[ann] === 'true')?.metadata.name;
  return pick('storageclass.kubevirt.io/is-default-virt-class') ?? pick('storageclass.kubernetes.io/is-default-class');
}

/** The claim CDI creates for a DataVolume, filling `storage` from the StorageProfile. */
export function claimFor(rt: Runtime, dv: KubeObject): KubeObject {
  const want = dv.spec?.storage ?? dv.spec?.pvc ?? {};
  const scName = want.storageClassName ?? defaultVirtClass(rt);
  const profile = rt.store.get(R.storageProfile, undefined, scName ?? '');
  const set = profile?.status?.claimPropertySets?.[0] ?? { accessModes: ['ReadWriteOnce'], volumeMode: 'Filesystem' };
  const ann: Record<string, string> = { 'cdi.kubevirt.io/storage.contentType': dv.spec?.contentType ?? 'kubevirt', 'cdi.kubevirt.io/createdForDataVolume': dv.metadata.uid ?? '' };
  if (dv.spec?.source?.http?.url) ann['cdi.kubevirt.io/storage.import.endpoint'] = dv.spec.source.http.url;
  if (dv.spec?.source?.upload) ann['cdi.kubevirt.io/storage.upload.target'] = '';
  const imm = dv.metadata.annotations?.[IMMEDIATE_ANN];
  if (imm !== undefined) ann[IMMEDIATE_ANN] = imm;
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name: dv.metadata.name, namespace: dv.metadata.namespace, annotations: ann, labels: { app: 'containerized-data-importer', 'app.kubernetes.io/component': 'storage' }, ownerReferences: [controllerRef(dv)] },
    spec: {
      accessModes: want.accessModes ?? set.accessModes,
      volumeMode: want.volumeMode ?? set.volumeMode,
      resources: { requests: { storage: want.resources?.requests?.storage ?? '1Gi' } },
      storageClassName: scName,
    },
    status: { phase: 'Pending' },
  };
}

/** CDI's DataVolume controller with its import, clone, upload and blank populators. */
export function startDvController(rt: Runtime, files: VolumeFiles): () => void {
  const transfers = new Map<string, Transfer>();
  const q = new WorkQueue('dv', (key) => reconcile(rt, files, transfers, key));
  rt.queues.dv = q;
  for (const d of rt.store.listShared(R.dv)) q.add(keyOf(d.metadata.namespace, d.metadata.name));
  const stop = rt.store.watch(null, Number(rt.store.resourceVersion()), (ev) => {
    const o = ev.object;
    if (ev.key === 'datavolumes.cdi.kubevirt.io') {
      if (ev.type === 'DELETED') transfers.get(o.metadata.uid ?? '')?.abort.abort();
      q.add(keyOf(o.metadata.namespace, o.metadata.name));
    } else if (ev.key === 'persistentvolumeclaims') q.add(keyOf(o.metadata.namespace, o.metadata.name));
  });
  return () => {
    stop();
    q.stop();
    for (const t of transfers.values()) t.abort.abort();
  };
}

function reconcile(rt: Runtime, files: VolumeFiles, transfers: Map<string, Transfer>, key: string): number | void {
  const [ns, name] = splitKey(key);
  const dv = rt.store.get(R.dv, ns, name);
  if (!dv || dv.metadata.deletionTimestamp || dv.status?.phase === 'Succeeded') return;
  let pvc = rt.store.get(R.pvc, ns, name);
  if (!pvc) {
    pvc = rt.store.create(R.pvc, claimFor(rt, dv));
    patchDv(rt, dv, { phase: 'Pending', progress: 'N/A', claimName: name, bound: ['False', 'Pending', `PVC ${name} Pending`], running: ['False', '', ''], ready: ['False', '', ''] });
    rt.events.record(dv, 'Normal', 'Pending', `PVC ${name} Pending`, 'cdi-controller');
    return;
  }
  if (pvc.status?.phase !== 'Bound') {
    const wffc = isWffcClaim(rt.store, pvc) && dv.metadata.annotations?.[IMMEDIATE_ANN] === undefined;
    if (wffc && dv.status?.phase !== 'WaitForFirstConsumer') {
      patchDv(rt, dv, { phase: 'WaitForFirstConsumer', bound: ['False', 'Pending', `PVC ${name} Pending`] });
      rt.events.record(dv, 'Normal', 'WaitForFirstConsumer', `PVC ${name} Pending`, 'cdi-controller');
    }
    return;
  }
  if (dv.status?.conditions?.find((c: { type: string }) => c.type === 'Bound')?.status !== 'True') {
    patchDv(rt, dv, { phase: 'PVCBound', bound: ['True', 'Bound', `PVC ${name} Bound`] });
    rt.events.record(dv, 'Normal', 'Bound', `PVC ${name} Bound`, 'cdi-controller');
    return rt.delay(DELAYS.dvStep);
  }
  return advance(rt, files, transfers, dv, pvc);
}

function advance(rt: Runtime, files: VolumeFiles, transfers: Map<string, Transfer>, dv: KubeObject, pvc: KubeObject): number | void {
  const kind = transferKind(dv);
  const name = dv.metadata.name ?? '';
  const phase = dv.status?.phase ?? '';
  if (phase === 'PVCBound' || phase === 'Pending' || phase === 'WaitForFirstConsumer') {
    patchDv(rt, dv, { phase: `${kind}Scheduled`, running: ['False', 'Pending', ''] });
    rt.events.record(dv, 'Normal', `${kind}Scheduled`, `${kind} into ${name} scheduled`, 'cdi-controller');
    return rt.delay(DELAYS.dvStep);
  }
  if (kind === 'Upload') {
    if (phase === 'UploadScheduled') {
      patchDv(rt, dv, { phase: 'UploadReady', running: ['True', 'Pod is running', ''], ready: ['False', 'TransferRunning', ''] });
      rt.events.record(dv, 'Normal', 'UploadReady', `Upload into ${name} ready`, 'cdi-controller');
    }
    return;
  }
  const uid = dv.metadata.uid ?? '';
  if (transfers.has(uid)) return;
  if (phase === `${kind}Scheduled`) rt.events.record(dv, 'Normal', `${kind}InProgress`, `${kind} into ${name} in progress`, 'cdi-controller');
  patchDv(rt, dv, { phase: `${kind}InProgress`, running: ['True', 'Pod is running', ''], ready: ['False', 'TransferRunning', ''] });
  start(rt, files, transfers, dv, pvc, kind);
}

function start(rt: Runtime, files: VolumeFiles, transfers: Map<string, Transfer>, dv: KubeObject, pvc: KubeObject, kind: string): void {
  const uid = dv.metadata.uid ?? '';
  const t: Transfer = { abort: new AbortController(), state: 'running' };
  transfers.set(uid, t);
  let last = 0;
  const onProgress = (done: number, total?: number) => {
    const now = Date.now();
    if (now - last < 200) return;
    last = now;
    patchDv(rt, dv, { progress: progressString(done, total) });
  };
  runTransfer(rt, files, dv, pvc, t.abort.signal, onProgress).then(
    () => {
      transfers.delete(uid);
      const verb = kind === 'Clone' ? 'cloned' : 'imported';
      patchDv(rt, dv, { phase: 'Succeeded', progress: '100.0%', running: ['False', 'Completed', ''], ready: ['True', '', ''] });
      rt.events.record(dv, 'Normal', `${kind}Succeeded`, `Successfully ${verb} into PVC ${pvc.metadata.name}`, 'cdi-controller');
    },
    (err: unknown) => {
      if (t.abort.signal.aborted) return void transfers.delete(uid);
      const te = err instanceof TransferError ? err : new TransferError('Error', err instanceof Error ? err.message : String(err));
      const restarts = (rt.store.get(R.dv, dv.metadata.namespace, dv.metadata.name ?? '')?.status?.restartCount ?? 0) + 1;
      patchDv(rt, dv, { restartCount: restarts, running: ['False', te.reason, te.message], ready: ['False', 'TransferRunning', ''] });
      rt.events.record(dv, 'Warning', te.reason, te.message, 'cdi-controller');
      t.state = 'backoff';
      // The importer pod restarts with kubelet's crash-loop backoff: 10 s doubling, at most 5 min.
      const backoff = rt.delay(Math.min(300_000, 10_000 * 2 ** (restarts - 1)));
      setTimeout(() => {
        transfers.delete(uid);
        rt.queues.dv?.add(keyOf(dv.metadata.namespace, dv.metadata.name));
      }, backoff).unref();
    },
  );
}
