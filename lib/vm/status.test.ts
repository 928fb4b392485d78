import { describe, expect, it } from 'vitest';
import en from '../i18n/messages/en/common.json';
import zh from '../i18n/messages/zh/common.json';
import { PRINTABLE_STATUSES } from '../k8s/resources/virtual-machine';
import { presentStatus } from './status';

// API-FACTS §3, in virt-controller's order, plus Unknown.
const DOCUMENTED = [
  'Terminating', 'Stopping', 'Migrating', 'Paused', 'Running', 'ErrorPvcNotFound', 'DataVolumeError', 'ErrorUnschedulable',
  'Provisioning', 'WaitingForVolumeBinding', 'ErrImagePull', 'ImagePullBackOff', 'Starting', 'CrashLoopBackOff', 'Stopped',
  'WaitingForReceiver', 'Unknown',
];

function lookup(catalog: unknown, key: string): unknown {
  return key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], catalog);
}

describe('presentStatus', () => {
  it('covers exactly the documented printableStatus values', () => {
    expect([...PRINTABLE_STATUSES].sort()).toEqual([...DOCUMENTED].sort());
  });

  it.each(DOCUMENTED)('%s has a tone, a label and an explanation in English and Chinese', (status) => {
    const p = presentStatus(status);
    expect(p.status).toBe(status);
    expect(['success', 'progress', 'neutral', 'warning', 'danger', 'unknown']).toContain(p.tone);
    for (const catalog of [en, zh]) {
      expect(typeof lookup(catalog, p.labelKey)).toBe('string');
      expect(String(lookup(catalog, p.explanationKey)).length).toBeGreaterThan(5);
    }
    expect(lookup(zh, p.explanationKey)).not.toBe(lookup(en, p.explanationKey));
  });

  it('gives the expected tones', () => {
    expect(presentStatus('Running').tone).toBe('success');
    expect(presentStatus('Stopped').tone).toBe('neutral');
    expect(presentStatus('Paused').tone).toBe('warning');
    for (const s of ['ErrorPvcNotFound', 'DataVolumeError', 'ErrorUnschedulable', 'ErrImagePull', 'ImagePullBackOff', 'CrashLoopBackOff'])
      expect(presentStatus(s).tone).toBe('danger');
    for (const s of ['Starting', 'Stopping', 'Terminating', 'Migrating', 'Provisioning', 'WaitingForVolumeBinding', 'WaitingForReceiver']) {
      expect(presentStatus(s).tone).toBe('progress');
      expect(presentStatus(s).transitional).toBe(true);
    }
    // Unknown is never painted as a failure.
    expect(presentStatus('Unknown').tone).toBe('unknown');
  });

  it('shows unrecognised or missing values as Unknown', () => {
    expect(presentStatus(undefined).status).toBe('Unknown');
    expect(presentStatus('Exploded').status).toBe('Unknown');
  });
});
