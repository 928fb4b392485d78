/**
 * A live migration of the demo's billing-api (8Gi, dirtying 8 MiB/s under the slow-wan policy):
 * the one the demo started if it is still in flight, else a new one. Waits for its VMI to run.
 */
import { eventually } from './bff-env';
import type { LabApi } from './lab-api';

const VMIMS = '/apis/kubevirt.io/v1/namespaces/production/virtualmachineinstancemigrations';

export async function billingApiMigration(api: LabApi): Promise<{ node: string; vmim: string; stop(): Promise<void> }> {
  // A loaded machine may still be scheduling the demo's VMI: migrations need it Running.
  const vmi = await eventually(
    async () => {
      const v = (await api.req('GET', '/apis/kubevirt.io/v1/namespaces/production/virtualmachineinstances/billing-api')).json;
      return v?.status?.phase === 'Running' ? v : undefined;
    },
    60_000,
    200,
  );
  const inFlight = (await api.req('GET', `${VMIMS}?labelSelector=kubevirt.io/vmi-name=billing-api`)).json.items.find(
    (m: { status?: { phase?: string } }) => !['Succeeded', 'Failed'].includes(m.status?.phase ?? ''),
  );
  let name: string = inFlight?.metadata.name;
  if (!name) {
    const created = await api.req('POST', VMIMS, {
      apiVersion: 'kubevirt.io/v1',
      kind: 'VirtualMachineInstanceMigration',
      metadata: { generateName: 'progress-' },
      spec: { vmiName: 'billing-api' },
    });
    if (created.status !== 201) throw new Error(`creating a migration: ${created.status} ${created.text}`);
    name = created.json.metadata.name;
  }
  return {
    node: vmi.status.nodeName as string,
    vmim: name,
    stop: async () => void (await api.req('DELETE', `${VMIMS}/${name}`)),
  };
}
