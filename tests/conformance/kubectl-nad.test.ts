import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLab, type Lab } from '../../lab/lab';
import { ensureKubectl, kubectlFor, type Kubectl } from './kubectl-helpers';

const nad = (name: string, extra: Record<string, unknown> = {}) => ({
  apiVersion: 'k8s.cni.cncf.io/v1', kind: 'NetworkAttachmentDefinition', metadata: { name, namespace: 'default' },
  spec: { config: JSON.stringify({ cniVersion: '0.3.1', type: 'bridge', bridge: 'br10', vlan: 10 }) }, ...extra,
});

describe('kubectl apply of a NetworkAttachmentDefinition', () => {
  let lab: Lab;
  let k: Kubectl;
  beforeAll(async () => {
    await ensureKubectl();
    lab = await startLab({ sites: ['central'], seed: 'none', timeScale: 0.05 });
    k = kubectlFor(lab);
  });
  afterAll(async () => {
    await lab.stop();
  });

  it('applies a plain NAD (apiVersion and kind are not unknown fields) and reads it back', async () => {
    const out = await k.ok(['apply', '-f', '-'], JSON.stringify(nad('vlan10')));
    expect(out).toMatch(/vlan10 created/);
    const got = JSON.parse(await k.ok(['get', 'net-attach-def', 'vlan10', '-o', 'json']));
    expect(JSON.parse(got.spec.config)).toMatchObject({ type: 'bridge', vlan: 10 });
  });

  it('still refuses a truly unknown top-level field', async () => {
    const r = await k.run(['apply', '-f', '-'], JSON.stringify(nad('bad', { bogus: 1 })));
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/unknown field "bogus"/);
  });
});
