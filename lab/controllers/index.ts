import type { ApiExtensions, SiteContext, SiteControllers, SubresourceCall } from '../apiserver/extensions';
import type { GuestFactory } from '../guest/types';
import { SiteMetrics } from '../metrics/site-metrics';
import { StatusError } from '../store/status-error';
import { EventRecorder } from './events';
import { GuestRegistry } from './guests';
import { cleanupsByStore, controllersByStore } from './registry';
import type { Runtime } from './runtime';
import { startDrainController } from './drain-controller';
import { admitMigration } from './migration/admission';
import { startMigrationController } from './migration/controller';
import { startVmController } from './vm-controller';
import { vmSubresource } from './vm-subresources';
import { startVmiController } from './vmi-controller';
import { vmiSubresource } from './vmi-subresources';

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
    guests: new GuestRegistry(opts.guests),
    metrics: new SiteMetrics(),
    delay: (ms) => Math.max(1, Math.round(ms * ctx.timeScale)),
    queues: {},
  };
  const stops = [startVmiController(rt), startVmController(rt), startMigrationController(rt), startDrainController(rt)];
  const extensions: ApiExtensions = {
    subresource: async (call: SubresourceCall) => {
      if (call.resource === 'virtualmachines') return vmSubresource(rt, call, (o) => admitMigration(rt.store, o));
      return vmiSubresource(rt, call);
    },
    admit: (op, ref, obj) => {
      if (op === 'CREATE' && ref.group === 'kubevirt.io' && ref.resource === 'virtualmachineinstancemigrations') return admitMigration(rt.store, obj);
      return undefined;
    },
  };
  const controllers: SiteControllers = {
    extensions,
    stop: async () => {
      for (const s of stops) s();
      for (const c of cleanupsByStore.get(ctx.store) ?? []) await c().catch(() => undefined);
      cleanupsByStore.delete(ctx.store);
      await rt.guests.stopAll();
    },
  };
  controllersByStore.set(ctx.store, controllers);
  void StatusError;
  return controllers;
}
