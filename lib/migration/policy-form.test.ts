import { describe, expect, it } from 'vitest';
import type { MigrationPolicy } from '../k8s/resources/migration-policy';
import type { VirtualMachine } from '../k8s/resources/virtual-machine';
import type { VirtualMachineInstance } from '../k8s/resources/virtual-machine-instance';
import { policyFormValues, policyFromForm, validatePolicyForm, vmsByPolicy } from './policy-form';

const vm = (namespace: string, name: string, labels: Record<string, string> = {}) =>
  ({
    metadata: { namespace, name },
    spec: { template: { metadata: { labels }, spec: {} } },
  }) as VirtualMachine;
const policy = (name: string, vmiSel: Record<string, string>, nsSel: Record<string, string> = {}) =>
  ({
    apiVersion: 'migrations.kubevirt.io/v1alpha1',
    kind: 'MigrationPolicy',
    metadata: { name, resourceVersion: '7' },
    spec: {
      selectors: { virtualMachineInstanceSelector: vmiSel, namespaceSelector: nsSel },
      maxDowntimeMs: 300,
    },
  }) as MigrationPolicy;

describe('MigrationPolicy form', () => {
  it('refuses a bad name, bandwidth, timeout or label text, field by field', () => {
    const v = {
      ...policyFormValues(),
      name: 'Bad_Name',
      bandwidthPerMigration: 'fast',
      completionTimeoutPerGiB: '1.5',
      vmiSelector: 'app',
      namespaceSelector: 'a=b',
    };
    expect(validatePolicyForm(v)).toEqual({
      name: 'name',
      bandwidthPerMigration: 'bandwidth',
      completionTimeoutPerGiB: 'timeout',
      vmiSelector: 'labels',
    });
    expect(
      validatePolicyForm({
        ...v,
        name: 'ok',
        bandwidthPerMigration: '64Mi',
        completionTimeoutPerGiB: '300',
        vmiSelector: 'app=x, tier=web',
      }),
    ).toEqual({});
  });

  it('an edit keeps unknown fields and the resourceVersion, and clears fields left empty', () => {
    const p = {
      ...policy('p', { app: 'x' }),
      spec: { ...policy('p', { app: 'x' }).spec, bandwidthPerMigration: '8Mi' },
    };
    const out = policyFromForm(
      { ...policyFormValues(p), bandwidthPerMigration: '', allowAutoConverge: true, vmiSelector: 'app=y' },
      p,
    );
    expect(out.metadata.resourceVersion).toBe('7');
    expect(out.spec.maxDowntimeMs).toBe(300);
    expect(out.spec.bandwidthPerMigration).toBeUndefined();
    expect(out.spec.allowAutoConverge).toBe(true);
    expect(out.spec.selectors?.virtualMachineInstanceSelector).toEqual({ app: 'y' });
  });

  it("lists each policy's VMs: running ones by their VMI's labels, stopped ones by their template's", () => {
    const vms = [
      vm('prod', 'a', { app: 'x' }),
      vm('prod', 'b', { app: 'x' }),
      vm('dev', 'c', { app: 'x' }),
      vm('prod', 'd'),
    ];
    // b runs with a VMI that lost the app label: its VMI's labels count.
    const vmis = new Map([
      [
        'prod/b',
        {
          metadata: { namespace: 'prod', name: 'b', labels: { other: '1' } },
        } as unknown as VirtualMachineInstance,
      ],
    ]);
    const nss = [
      { metadata: { name: 'prod', labels: { env: 'prod' } } },
      { metadata: { name: 'dev', labels: { env: 'dev' } } },
    ];
    const ps = [
      policy('app-x', { app: 'x' }),
      policy('prod-app-x', { app: 'x' }, { env: 'prod' }),
      policy('only-d', { 'kubevirt.io/vm': 'd' }),
    ];
    const out = vmsByPolicy(ps, vms, vmis, nss);
    expect(out.get('prod-app-x')).toEqual([{ namespace: 'prod', name: 'a', running: false }]);
    expect(out.get('app-x')).toEqual([{ namespace: 'dev', name: 'c', running: false }]);
    expect(out.get('only-d')).toEqual([{ namespace: 'prod', name: 'd', running: false }]);
  });
});
