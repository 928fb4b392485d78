import type { KubeObject } from '../store/types';
import { isWffcClaim } from '../controllers/volumes';
import { mutate } from '../controllers/mutate';
import { R } from '../controllers/refs';
import type { Runtime } from '../controllers/runtime';
import { keyOf, splitKey, WorkQueue } from '../controllers/work-queue';

const IMMEDIATE_ANN = 'cdi.kubevirt.io/storage.bind.immediate.requested';
const SELECTED_NODE = 'volume.kubernetes.io/selected-node';

/**
 * The PV controller and the provisioners: binds Pending claims at once on Immediate classes,
 * and on WaitForFirstConsumer classes once a consumer picked a node (selected-node annotation)
 * or CDI asked for immediate binding. Node-local volumes get a PV nodeAffinity.
 */
export function startPvcBinder(rt: Runtime): () => void {
  const q = new WorkQueue('pvc', (key) => reconcile(rt, key));
  rt.queues.pvc = q;
  for (const p of rt.store.listShared(R.pvc)) q.add(keyOf(p.metadata.namespace, p.metadata.name));
  const stop = rt.store.watch(R.pvc, Number(rt.store.resourceVersion()), (ev) => q.add(keyOf(ev.object.metadata.namespace, ev.object.metadata.name)));
  return () => {
    stop();
    q.stop();
  };
}

function pickAnyNode(rt: Runtime): string | undefined {
  return rt.store.listShared(R.node).find((n) => !n.spec?.unschedulable)?.metadata.name;
}

function reconcile(rt: Runtime, key: string): number | void {
  const [ns, name] = splitKey(key);
  const pvc = rt.store.get(R.pvc, ns, name);
  if (!pvc || pvc.status?.phase === 'Bound' || pvc.metadata.deletionTimestamp) return;
  const sc = rt.store.get(R.storageClass, undefined, pvc.spec?.storageClassName ?? '');
  if (!sc) return;
  const wffc = isWffcClaim(rt.store, pvc);
  const ann = pvc.metadata.annotations ?? {};
  let node = ann[SELECTED_NODE];
  if (wffc && !node) {
    if (ann[IMMEDIATE_ANN] === undefined) {
      if (pvc.status?.phase !== 'Pending') {
        mutate(rt.store, R.pvc, ns, name, (o) => void (o.status = { phase: 'Pending' }));
        rt.events.record(pvc, 'Normal', 'WaitForFirstConsumer', 'waiting for first consumer to be created before binding', 'cdi-controller');
      }
      return;
    }
    node = pickAnyNode(rt);
  }
  bind(rt, pvc, sc, wffc ? node : undefined);
}

function bind(rt: Runtime, pvc: KubeObject, sc: KubeObject, node: string | undefined): void {
  const ns = pvc.metadata.namespace ?? '';
  const pvName = `pvc-${pvc.metadata.uid}`;
  const size = pvc.spec?.resources?.requests?.storage ?? '1Gi';
  if (!rt.store.get(R.pv, undefined, pvName)) {
    rt.store.create(R.pv, {
      apiVersion: 'v1',
      kind: 'PersistentVolume',
      metadata: { name: pvName, annotations: { 'pv.kubernetes.io/provisioned-by': sc.provisioner as string } },
      spec: {
        capacity: { storage: size },
        accessModes: pvc.spec?.accessModes ?? ['ReadWriteOnce'],
        persistentVolumeReclaimPolicy: sc.reclaimPolicy ?? 'Delete',
        storageClassName: sc.metadata.name,
        volumeMode: pvc.spec?.volumeMode ?? 'Filesystem',
        claimRef: { apiVersion: 'v1', kind: 'PersistentVolumeClaim', namespace: ns, name: pvc.metadata.name, uid: pvc.metadata.uid },
        ...(node ? { hostPath: { path: `/var/lib/rancher/k3s/storage/${pvName}_${ns}_${pvc.metadata.name}`, type: 'DirectoryOrCreate' }, nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: [node] }] }] } } } : { nfs: { server: 'nfs.edge.local', path: `/exports/kubevirt/${pvName}` } }),
      },
      status: { phase: 'Bound' },
    });
  }
  rt.events.record(pvc, 'Normal', 'ProvisioningSucceeded', `Successfully provisioned volume ${pvName}`, 'cdi-controller');
  mutate(rt.store, R.pvc, ns, pvc.metadata.name ?? '', (o) => {
    o.spec.volumeName = pvName;
    o.metadata.annotations = { ...(o.metadata.annotations ?? {}), 'pv.kubernetes.io/bind-completed': 'yes', 'pv.kubernetes.io/bound-by-controller': 'yes' };
    o.status = { phase: 'Bound', accessModes: o.spec.accessModes ?? ['ReadWriteOnce'], capacity: { storage: size } };
  });
}
