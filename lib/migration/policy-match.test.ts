import { describe, expect, it } from 'vitest';
import { matchMigrationPolicy, policyScore } from './policy-match';

const policy = (
  name: string,
  vmi?: Record<string, string>,
  ns?: Record<string, string>,
  withSelectors = true,
) => ({
  metadata: { name },
  spec: withSelectors ? { selectors: { virtualMachineInstanceSelector: vmi, namespaceSelector: ns } } : {},
});

describe('MigrationPolicy matching (virt-controller rules)', () => {
  it('needs every selector label and prefers the policy matching the most labels', () => {
    const ps = [
      policy('a', { tier: 'web' }),
      policy('b', { tier: 'web', zone: 'x' }),
      policy('c', { tier: 'db' }),
    ];
    expect(matchMigrationPolicy(ps, { tier: 'web', zone: 'x' }, {})?.metadata.name).toBe('b');
    expect(matchMigrationPolicy(ps, { tier: 'web' }, {})?.metadata.name).toBe('a');
    expect(matchMigrationPolicy(ps, { tier: 'cache' }, {})).toBeUndefined();
  });

  it('counts namespace labels, and equal totals prefer VMI labels, then the first name', () => {
    const ps = [policy('z-vmi', { app: 'x' }), policy('a-ns', undefined, { env: 'prod' })];
    expect(matchMigrationPolicy(ps, { app: 'x' }, { env: 'prod' })?.metadata.name).toBe('z-vmi');
    expect(matchMigrationPolicy(ps, { app: 'y' }, { env: 'prod' })?.metadata.name).toBe('a-ns');
    expect(matchMigrationPolicy(ps, { app: 'y' }, { env: 'dev' })).toBeUndefined();
    const tie = [policy('m', { app: 'x' }), policy('b', { app: 'x' })];
    expect(matchMigrationPolicy(tie, { app: 'x' }, {})?.metadata.name).toBe('b');
  });

  it('an empty selector matches every VMI, a policy without selectors none', () => {
    const ps = [policy('catch-all', {}, {}), policy('none', undefined, undefined, false)];
    expect(matchMigrationPolicy(ps, { any: 'thing' }, {})?.metadata.name).toBe('catch-all');
    expect(policyScore(ps[1]!, { any: 'thing' }, {})).toBeUndefined();
    expect(matchMigrationPolicy([policy('x', { app: 'x' }), ps[0]!], { app: 'x' }, {})?.metadata.name).toBe(
      'x',
    );
  });

  it('a VMI without a label map is matched by any policy with selectors, as upstream', () => {
    expect(policyScore(policy('p', { app: 'x' }, { env: 'prod' }), undefined, {})).toEqual({
      vmi: 0,
      namespace: 0,
    });
  });
});
