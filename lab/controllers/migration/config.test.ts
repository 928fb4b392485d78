import { describe, expect, it } from 'vitest';
import { matchPolicy } from './config';

const policy = (name: string, vmi: Record<string, string>, ns: Record<string, string> = {}) => ({
  apiVersion: 'migrations.kubevirt.io/v1alpha1', kind: 'MigrationPolicy', metadata: { name },
  spec: { selectors: { virtualMachineInstanceSelector: vmi, namespaceSelector: ns } },
});

describe('MigrationPolicy matching', () => {
  it('needs every label and prefers the most specific policy', () => {
    const ps = [policy('a', { tier: 'web' }), policy('b', { tier: 'web', zone: 'x' }), policy('c', { tier: 'db' })];
    expect(matchPolicy(ps, { tier: 'web', zone: 'x' }, {})?.metadata.name).toBe('b');
    expect(matchPolicy(ps, { tier: 'web' }, {})?.metadata.name).toBe('a');
    expect(matchPolicy(ps, { tier: 'cache' }, {})).toBeUndefined();
  });
  it('matches namespace labels too', () => {
    const ps = [policy('ns', {}, { env: 'prod' })];
    expect(matchPolicy(ps, {}, { env: 'prod' })?.metadata.name).toBe('ns');
    expect(matchPolicy(ps, {}, { env: 'dev' })).toBeUndefined();
  });
});
