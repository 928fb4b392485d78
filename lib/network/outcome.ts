/**
 * What each interface choice leads to, before commit: refused by admission (with upstream's
 * reason) or accepted, and whether the VM can then live-migrate. Every verdict comes from the
 * rules the cluster applies (admission.ts, migration.ts) run on the spec the form would send.
 */
import type { StatusCause } from '../k8s/types';
import { networkAdmission } from './admission';
import type { NetworkConfig } from './config';
import { PLUGIN_PREFIX, interfacesToSpec, type FormInterface } from './form-interfaces';
import { interfaceMigrationBlock } from './migration';

const PREFIX = 'spec.template.spec';

export interface InterfacesVerdict {
  /** Causes as the VM webhook words them (fields under `spec.template.spec`). */
  causes: StatusCause[];
  /** undefined = the interfaces let the VM live-migrate; else upstream's message. */
  migrationBlock: string | undefined;
}

/** The verdict for a list of interfaces and the VM template's annotations. */
export function interfacesVerdict(
  ifaces: FormInterface[],
  annotations: Record<string, string> | undefined,
  cfg: NetworkConfig,
): InterfacesVerdict {
  const { networks, interfaces } = interfacesToSpec(ifaces);
  const spec = { networks, domain: { devices: { interfaces } } };
  return {
    causes: networkAdmission(spec, PREFIX, cfg),
    migrationBlock: interfaceMigrationBlock(spec, annotations, cfg),
  };
}

/** The index of the interface a cause's field names, if it names one. */
export function causeInterfaceIndex(cause: StatusCause): number | undefined {
  const m = /\.(?:domain\.devices\.interfaces|networks)\[(\d+)\]/.exec(cause.field ?? '');
  return m ? Number(m[1]) : undefined;
}

export interface BindingOption {
  binding: string;
  /** Upstream's message when admission would refuse this choice. */
  refused?: string;
  /** Upstream's message when this choice stops the VM from live-migrating. */
  blocksMigration?: string;
}

/** The bindings the editor offers: core ones, then each plugin the site's KubeVirt CR registers. */
export function offeredBindings(cfg: NetworkConfig): string[] {
  return [
    'masquerade',
    'bridge',
    'sriov',
    ...Object.keys(cfg.bindingPlugins).map((n) => `${PLUGIN_PREFIX}${n}`),
  ];
}

/** Each offered binding for interface `idx`, judged with the rest of the list as it is. */
export function bindingOptions(
  ifaces: FormInterface[],
  idx: number,
  annotations: Record<string, string> | undefined,
  cfg: NetworkConfig,
): BindingOption[] {
  return offeredBindings(cfg).map((binding) => {
    const trial = ifaces.map((fi, i) => (i === idx ? { ...fi, binding } : fi));
    const v = interfacesVerdict(trial, annotations, cfg);
    // The binding's own refusals; MAC, model and port problems belong to their fields.
    const refused = v.causes.find(
      (c) => causeInterfaceIndex(c) === idx && !/\.(macAddress|model|ports)/.test(c.field ?? ''),
    );
    return { binding, refused: refused?.message, blocksMigration: v.migrationBlock };
  });
}
