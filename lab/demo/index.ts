import type { SiteContext } from '../apiserver/extensions';
import type { ObjectStore } from '../store/object-store';
import type { KubeObject } from '../store/types';
import { controllersByStore, onSiteStop } from '../site-behaviour/registry';
import { nowIso, R } from '../controllers/refs';
import { ensure, seedInfra } from './infra';
import { startImageServer } from './image-server';
import { demoFleet, demoPolicy } from './fleet';
import { buildVm } from './vm-builder';

/**
 * Seeds one site of the demo fleet: infrastructure plus a dozen VMs in varied states (central),
 * a few elsewhere. `scale` adds that many plain stopped VMs in namespace `bench`, written
 * straight into the store so 10,000 take well under a second.
 */
export function seedDemo(ctx: SiteContext, opts: { scale?: number; fleet?: boolean } = {}): void {
  const fleet = opts.fleet === false ? [] : demoFleet(ctx.name);
  seedInfra(ctx.store, ctx.name, [...new Set(fleet.map((v) => v.namespace))]);
  if (fleet.length) {
    ensure(ctx.store, R.migrationPolicy, demoPolicy());
    for (const v of fleet) ensure(ctx.store, R.vm, buildVm(v));
    if (ctx.name === 'central') void demoActions(ctx);
  }
  if (opts.scale) seedScale(ctx.store, opts.scale);
}

function seedScale(store: ObjectStore, n: number): void {
  ensure(store, R.namespace, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'bench' }, status: { phase: 'Active' } });
  const width = String(n).length;
  const now = nowIso();
  for (let i = 1; i <= n; i++) {
    const vm = buildVm({ name: `bench-vm-${String(i).padStart(width, '0')}`, namespace: 'bench', runStrategy: 'Halted', memory: '512Mi' });
    // Exactly what the VM controller would write, so 10,000 seeded VMs cost it no writes.
    vm.metadata.finalizers = ['kubevirt.io/virtualMachineControllerFinalize'];
    vm.status = {
      printableStatus: 'Stopped',
      runStrategy: 'Halted',
      ready: false,
      conditions: [{ lastProbeTime: null, type: 'Ready', status: 'False', reason: 'VMINotExists', message: 'VMI does not exist', lastTransitionTime: now }],
      desiredGeneration: 1,
      observedGeneration: 1,
    };
    if (!store.get(R.vm, 'bench', vm.metadata.name ?? '')) store.create(R.vm, vm);
  }
}

function whenVmiRunning(store: ObjectStore, ns: string, name: string, fn: (vmi: KubeObject) => void): void {
  const isRunning = (o: KubeObject | undefined) => o?.status?.phase === 'Running';
  const now = store.get(R.vmi, ns, name);
  if (isRunning(now) && now) return fn(now);
  const stop = store.watch(R.vmi, Number(store.resourceVersion()), (ev) => {
    if (ev.object.metadata.namespace !== ns || ev.object.metadata.name !== name || !isRunning(ev.object)) return;
    stop();
    fn(ev.object);
  });
  onSiteStop(store, async () => void stop());
}

async function demoActions(ctx: SiteContext): Promise<void> {
  const images = await startImageServer(ctx.host);
  onSiteStop(ctx.store, () => images.close());
  // A 768 MiB image at 256 KiB/s keeps "ImportInProgress" on screen for about 50 minutes: the
  // demo (and the e2e suite that runs on it for 15+ minutes) always has an import to watch.
  const url = images.url('/images/windows-server-2022.img?size=805306368&rate=262144');
  ensure(ctx.store, R.dv, {
    apiVersion: 'cdi.kubevirt.io/v1beta1',
    kind: 'DataVolume',
    metadata: { name: 'win-import-disk', namespace: 'edge-apps' },
    spec: { source: { http: { url } }, storage: { storageClassName: 'shared-nfs', resources: { requests: { storage: '1Gi' } } } },
  });
  whenVmiRunning(ctx.store, 'production', 'kiosk-01', () => {
    const ext = controllersByStore.get(ctx.store)?.extensions;
    void ext?.subresource?.({
      method: 'PUT', version: 'v1', namespace: 'production', resource: 'virtualmachineinstances', name: 'kiosk-01',
      subresource: 'pause', query: new URLSearchParams(), body: undefined, user: { username: 'system:admin', groups: ['system:masters'] },
    }).catch(() => undefined);
  });
  whenVmiRunning(ctx.store, 'production', 'billing-api', () => {
    ensure(ctx.store, R.vmim, {
      apiVersion: 'kubevirt.io/v1',
      kind: 'VirtualMachineInstanceMigration',
      metadata: { name: 'billing-api-rebalance', namespace: 'production' },
      spec: { vmiName: 'billing-api' },
    });
  });
}
