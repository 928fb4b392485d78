import { describe, expect, it } from 'vitest';
import { BIND_IMMEDIATE_ANNOTATION, defaultDvForm, dvToForm, formToDv } from './dv-create';
import { dvFieldOf, dvLocalProblems } from './dv-create-errors';
import { claimWithOverhead, readImageHeader, sizeRequestFor } from './qcow2-header';

describe('import wizard form ↔ DataVolume', () => {
  it('writes an HTTP source with checksum, secret and CA config map into the storage API', () => {
    const f = {
      ...defaultDvForm('edge-1', 'vms'),
      name: 'fedora',
      source: 'http' as const,
      url: 'https://x/y.qcow2',
      sha256: 'ab'.repeat(32),
      secretRef: 's',
      certConfigMap: 'ca',
      storageClassName: 'local',
      accessMode: 'ReadWriteMany' as const,
      bindImmediate: false,
    };
    const dv = formToDv(f);
    expect(dv.spec.source).toEqual({
      http: {
        url: 'https://x/y.qcow2',
        checksum: `sha256:${'ab'.repeat(32)}`,
        secretRef: 's',
        certConfigMap: 'ca',
      },
    });
    expect(dv.spec.storage).toEqual({
      resources: { requests: { storage: '10Gi' } },
      storageClassName: 'local',
      accessModes: ['ReadWriteMany'],
    });
    expect(dv.metadata.annotations).toBeUndefined();
    expect(dvToForm(dv, 'edge-1')).toEqual({ form: f, unsupported: [] });
  });

  it('keeps fields only the YAML has, and names what the form cannot show', () => {
    const base = formToDv({ ...defaultDvForm('s', 'ns'), name: 'a' });
    base.metadata.labels = { team: 'x' };
    base.spec.preallocation = true;
    const next = formToDv(
      {
        ...defaultDvForm('s', 'ns'),
        name: 'b',
        source: 'registry',
        registryUrl: 'docker://r/i:1',
        pullMethod: 'node',
      },
      base,
    );
    expect(next.metadata.labels).toEqual({ team: 'x' });
    expect(next.spec.preallocation).toBe(true);
    expect(next.spec.source).toEqual({ registry: { url: 'docker://r/i:1', pullMethod: 'node' } });
    expect(next.metadata.annotations).toEqual({ [BIND_IMMEDIATE_ANNOTATION]: 'true' });
    expect(dvToForm({ ...next, spec: { source: { s3: { url: 'x' } } } }, 's').unsupported).toEqual([
      'spec.source.s3',
    ]);
  });

  it('checks locally and maps causes to fields', () => {
    const f = {
      ...defaultDvForm('s', 'ns'),
      name: 'Bad_Name',
      source: 'http' as const,
      url: 'ftp://x',
      sha256: 'zz',
      size: '10 G',
    };
    expect(dvLocalProblems(f, undefined)).toEqual({
      name: ['error.nameFormat'],
      size: ['error.quantity'],
      source: ['error.url', 'error.sha256'],
    });
    expect(dvLocalProblems({ ...defaultDvForm('s', 'ns'), name: 'ok' }, undefined)).toEqual({
      file: ['error.fileRequired'],
    });
    expect(dvFieldOf('spec.storage.storageClassName')).toBe('storageClass');
    expect(dvFieldOf('spec.source.http.url')).toBe('source');
    expect(dvFieldOf('spec.contentType')).toBe('general');
  });
});

describe('image header', () => {
  it('reads a qcow2 virtual size and takes anything else as raw', () => {
    const h = new Uint8Array(32);
    h.set([0x51, 0x46, 0x49, 0xfb, 0, 0, 0, 3]);
    new DataView(h.buffer).setBigUint64(24, BigInt(5 * 2 ** 30));
    expect(readImageHeader(h, 1234)).toEqual({ format: 'qcow2', version: 3, virtualSize: 5 * 2 ** 30 });
    expect(readImageHeader(new Uint8Array(32), 999)).toEqual({ format: 'raw', virtualSize: 999 });
    expect(sizeRequestFor(5 * 2 ** 30 + 1)).toBe('6Gi');
    expect(sizeRequestFor(20 * 2 ** 20)).toBe('20Mi');
    expect(claimWithOverhead(94, 0.06)).toBe(100);
  });
});
