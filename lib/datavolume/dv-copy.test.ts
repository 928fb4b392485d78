import { describe, expect, it } from 'vitest';
import type { DataVolume } from '../k8s/resources/datavolume';
import { dvCopy } from './dv-copy';

const source: DataVolume = {
  apiVersion: 'cdi.kubevirt.io/v1beta1',
  kind: 'DataVolume',
  metadata: {
    name: 'web-root',
    namespace: 'shop',
    uid: 'u-1',
    resourceVersion: '42',
    creationTimestamp: '2026-12-01T00:00:00Z',
    labels: { app: 'web' },
    annotations: {
      'cdi.kubevirt.io/storage.bind.immediate.requested': 'true',
      'cdi.kubevirt.io/storage.import.importPodName': 'importer-web-root',
    },
  },
  spec: {
    source: { http: { url: 'http://images.local/debian.qcow2' } },
    storage: {
      storageClassName: 'local-path',
      accessModes: ['ReadWriteOnce'],
      resources: { requests: { storage: '8Gi' } },
    },
  },
  status: { phase: 'Succeeded', progress: '100.0%' },
};

describe('dvCopy', () => {
  it('keeps the name, source and request; drops what the source cluster owns and its storage class', () => {
    expect(dvCopy(source, 'edge')).toEqual({
      copy: {
        apiVersion: 'cdi.kubevirt.io/v1beta1',
        kind: 'DataVolume',
        metadata: {
          name: 'web-root',
          namespace: 'edge',
          labels: { app: 'web' },
          annotations: { 'cdi.kubevirt.io/storage.bind.immediate.requested': 'true' },
        },
        spec: {
          source: { http: { url: 'http://images.local/debian.qcow2' } },
          storage: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '8Gi' } } },
        },
      },
    });
  });

  it('does not share the source object', () => {
    const { copy } = dvCopy(source, 'edge');
    copy.spec.storage!.resources!.requests!.storage = '1Gi';
    expect(source.spec.storage?.resources?.requests?.storage).toBe('8Gi');
  });

  it('says when the source cannot be repeated on another site', () => {
    const clone = { ...source, spec: { source: { pvc: { namespace: 'shop', name: 'golden' } } } };
    const upload = { ...source, spec: { source: { upload: {} } } };
    expect(dvCopy(clone, 'edge').notRepeatable).toBe('clone');
    expect(dvCopy(upload, 'edge').notRepeatable).toBe('upload');
    expect(dvCopy(source, 'edge').notRepeatable).toBeUndefined();
  });
});
