import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Lab } from '../../lab/lab';
import { kubectlFor, type Kubectl } from '../conformance/kubectl-helpers';
import { labApi, startDemoLab } from '../support/lab-api';

let lab: Lab;
let kubectl: Kubectl;

beforeAll(async () => {
  lab = await startDemoLab();
  kubectl = kubectlFor(lab);
  // Let the demo fleet settle: the migration running, one VM paused.
  await labApi(lab).waitFor('/apis/kubevirt.io/v1/namespaces/production/virtualmachines/kiosk-01', (o) => o?.status?.printableStatus === 'Paused', 60_000);
});
afterAll(async () => {
  await lab?.stop();
});

function rows(out: string): string[][] {
  return out.trim().split('\n').map((l) => l.trim().split(/\s{2,}/));
}

describe('kubectl against the demo fleet', () => {
  it('kubectl get vm,vmi,vmim,dv -A prints a living fleet', async () => {
    const out = await kubectl.ok(['get', 'vm,vmi,vmim,dv', '-A']);
    const lines = rows(out);
    const vm = (name: string) => lines.find((r) => r[1] === `virtualmachine.kubevirt.io/${name}`);
    expect(out).toMatch(/^NAMESPACE\s+NAME\s+AGE\s+STATUS\s+READY/m);
    expect(vm('web-01')?.slice(3)).toEqual(['Running', 'True']);
    expect(vm('kiosk-01')?.[3]).toBe('Paused');
    expect(vm('gpu-train')?.[3]).toBe('ErrorUnschedulable');
    expect(vm('build-runner')?.slice(3)).toEqual(['Stopped', 'False']);
    expect(vm('legacy-app')?.[3]).toBe('Stopped');
    expect(['Migrating', 'Running']).toContain(vm('billing-api')?.[3]);
    expect(out).toMatch(/^NAMESPACE\s+NAME\s+AGE\s+PHASE\s+IP\s+NODENAME\s+READY/m);
    expect(out).toMatch(/virtualmachineinstance\.kubevirt\.io\/web-01\s+\S+\s+Running\s+10\.42\.\d+\.\d+\s+central-node-\d\s+True/);
    expect(out).toMatch(/virtualmachineinstancemigration\.kubevirt\.io\/billing-api-rebalance\s+\w+\s+billing-api/);
    expect(out).toMatch(/datavolume\.cdi\.kubevirt\.io\/win-import-disk\s+ImportInProgress\s+\d+\.\d{2}%/);
  });
});
