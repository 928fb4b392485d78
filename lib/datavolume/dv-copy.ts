/**
 * A DataVolume for another site that imports what one on this site imported: the same name,
 * source, size, access and volume mode. Nothing the source cluster owns goes along (uid,
 * resourceVersion, status, CDI's own annotations), nor its storage class (the other site has
 * its own; the form explains the choice). A clone or an upload cannot be repeated from there.
 */
import type { DataVolume } from '../k8s/resources/datavolume';
import { BIND_IMMEDIATE_ANNOTATION } from './dv-create';

export interface DvCopy {
  copy: DataVolume;
  /** What the source was when it cannot be repeated on the other site (the user picks anew). */
  notRepeatable?: 'clone' | 'upload';
}

export function dvCopy(dv: DataVolume, namespace: string): DvCopy {
  const { storageClassName: _class, ...storage } = dv.spec.storage ?? {};
  void _class;
  const bind = dv.metadata.annotations?.[BIND_IMMEDIATE_ANNOTATION];
  const copy: DataVolume = {
    apiVersion: dv.apiVersion ?? 'cdi.kubevirt.io/v1beta1',
    kind: 'DataVolume',
    metadata: {
      name: dv.metadata.name,
      namespace,
      ...(dv.metadata.labels ? { labels: dv.metadata.labels } : {}),
      ...(bind ? { annotations: { [BIND_IMMEDIATE_ANNOTATION]: bind } } : {}),
    },
    spec: structuredClone({
      ...dv.spec,
      ...(dv.spec.storage ? { storage } : {}),
    }),
  };
  const src = dv.spec.source;
  const notRepeatable = src?.pvc || src?.snapshot ? 'clone' : src?.upload ? 'upload' : undefined;
  return notRepeatable ? { copy, notRepeatable } : { copy };
}
