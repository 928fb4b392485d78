import type { ApiExtensions, SiteContext, SiteControllers, SubresourceCall } from '../apiserver/extensions';
import { createGuestFactory } from '../guest/index';
import type { GuestFactory } from '../guest/types';
import { ensureHandlerPods, handlerPodProxy } from '../metrics/handler-pods';
import { startMetricsServer } from '../metrics/metrics-server';
import { UsageSampler } from '../metrics/usage-sampler';
import { SiteMetrics } from '../metrics/site-metrics';
import { ConsoleStreams } from '../virt-api/console-upgrade';
import { EventRecorder } from '../controllers/events';
import { GuestRegistry } from '../controllers/guests';
import { cleanupsByStore, controllersByStore, metricsUrls } from './registry';
import { R } from '../controllers/refs';
import { keyOf } from '../controllers/work-queue';
import type { Runtime } from '../controllers/runtime';
import { startCdi } from '../cdi/index';
import { startDisruptionController } from '../controllers/disruption-controller';
import { startDrainController } from '../controllers/drain-controller';
import { admitLauncherEviction } from '../virt-api/eviction-interceptor';
import { admitMigration } from '../controllers/migration/admission';
import { startMigrationController } from '../controllers/migration/controller';
import { receiverHandler } from '../controllers/migration/decentralized-receiver';
import { startVmController } from '../controllers/vm-controller';
import { startVmirsController } from '../controllers/vmirs-controller';
import { vmSubresource } from '../virt-api/vm-subresources';
import { startVmiController } from '../controllers/vmi-controller';
import { vmiSubresource } from '../virt-api/vmi-subresources';

/** Options beyond the site context; tests may hand in their own guest factory. */
export interface ControllerOptions {
  guests?: GuestFactory;
}

/**
 * Starts the KubeVirt, CDI and scheduler behaviour of one site. The site's API server calls
 * this once at start and routes subresource, pod-proxy and admission calls to the result.
 */
export function startControllers(ctx: SiteContext, opts: ControllerOptions = {}): SiteControllers {
  const rt: Runtime = {
    ctx,
    store: ctx.store,
    events: new EventRecorder(ctx.store),
    guests: new GuestRegistry(opts.guests ?? createGuestFactory({ builtin: { bootMs: Math.max(50, Math.round(1500 * ctx.timeScale)) } })),
    metrics: new SiteMetrics(),
    delay: (ms) => Math.max(1, Math.round(ms * ctx.timeScale)),
    queues: {},
    ...(ctx.wan ? { sync: { hub: ctx.wan } } : {}),
  };
  // This site's synchronization endpoint (virt-synchronization-controller's address).
  const sync = rt.sync;
  if (sync) {
    void sync.hub.listen(ctx.name, ctx.host, receiverHandler(rt, sync.hub)).then((address) => {
      sync.address = address;
      for (const m of ctx.store.listShared(R.vmim)) rt.queues.vmim?.add(keyOf(m.metadata.namespace, m.metadata.name));
    });
  }
  const stops = [startVmiController(rt), startVmController(rt), startMigrationController(rt), startDrainController(rt), startDisruptionController(rt), startVmirsController(rt)];
  const cdi = startCdi(rt);
  const streams = new ConsoleStreams(rt);
  const sampler = new UsageSampler(ctx.store, rt.metrics, () => rt.guests.all(), () => streams.consoles);
  const refresh = () => sampler.sample();
  ensureHandlerPods(rt);
  stops.push(ctx.store.watch(R.node, Number(ctx.store.resourceVersion()), (ev) => void (ev.type === 'ADDED' && ensureHandlerPods(rt))));
  const metricsServer = startMetricsServer(rt.metrics, ctx.host, refresh);
  const extensions: ApiExtensions = {
    subresource: async (call: SubresourceCall) => {
      if (call.resource === 'virtualmachines') return vmSubresource(rt, call, (o) => admitMigration(rt.store, o));
      return vmiSubresource(rt, call);
    },
    upgrade: (call, req, socket, head) => streams.upgrade(call, req, socket, head),
    podProxy: (call) => handlerPodProxy(rt, call, refresh),
    admitEviction: (pod, dryRun) => admitLauncherEviction(rt, pod, dryRun),
    admit: (op, ref, obj) => {
      if (op === 'CREATE' && ref.group === 'kubevirt.io' && ref.resource === 'virtualmachineinstancemigrations') return admitMigration(rt.store, obj);
      if (op === 'CREATE' && ref.group === 'upload.cdi.kubevirt.io' && ref.resource === 'uploadtokenrequests') return cdi.admitToken(obj);
      return undefined;
    },
  };
  const controllers: SiteControllers = {
    extensions,
    stop: async () => {
      for (const s of stops) s();
      streams.closeAll();
      await rt.sync?.hub.close(ctx.name);
      await cdi.stop();
      await (await metricsServer).close();
      for (const c of cleanupsByStore.get(ctx.store) ?? []) await c().catch(() => undefined);
      cleanupsByStore.delete(ctx.store);
      await rt.guests.stopAll();
    },
  };
  controllersByStore.set(ctx.store, controllers);
  metricsUrls.set(ctx.store, metricsServer.then((m) => m.url));
  return controllers;
}
