/**
 * A NetworkAttachmentDefinition's CNI config read as a person would describe it: the plugin
 * type (first plugin of a conflist) and the settings that matter at the edge (bridge + VLAN,
 * macvlan master, SR-IOV VLAN and device resource, OVN-Kubernetes localnet). And the config the
 * Networks page's form writes for those common types.
 */
import type { NetworkAttachmentDefinition } from '../k8s/resources/network-attachment-definition';
import { nadResourceName, NAD_RESOURCE_ANNOTATION } from './sriov';

export type NadKind = 'bridge' | 'macvlan' | 'sriov' | 'localnet' | 'other' | 'invalid';

export interface NadSummary {
  kind: NadKind;
  /** The CNI `type` as written (`ovn-k8s-cni-overlay` for localnet). */
  cniType?: string;
  bridge?: string;
  vlan?: number;
  master?: string;
  mode?: string;
  resourceName?: string;
  /** OVN localnet: the physical network name it maps to (`name` of the config). */
  physicalNetwork?: string;
  /** Why the config could not be read (kind `invalid`). */
  error?: string;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- CNI configs are free-form JSON
type Loose = Record<string, any>;

function num(v: unknown): number | undefined {
  const n = Number(v);
  return v !== undefined && v !== '' && Number.isFinite(n) ? n : undefined;
}

export function summarizeNad(nad: NetworkAttachmentDefinition): NadSummary {
  const text = nad.spec?.config;
  if (!text) return { kind: 'invalid', error: 'spec.config is empty' };
  let cfg: Loose;
  try {
    cfg = JSON.parse(text) as Loose;
  } catch (e) {
    return { kind: 'invalid', error: e instanceof Error ? e.message : String(e) };
  }
  const plugin: Loose = Array.isArray(cfg.plugins) ? (cfg.plugins[0] ?? {}) : cfg;
  const type = typeof plugin.type === 'string' ? plugin.type : undefined;
  if (type === 'bridge' || type === 'cnv-bridge')
    return { kind: 'bridge', cniType: type, bridge: plugin.bridge, vlan: num(plugin.vlan) };
  if (type === 'macvlan') return { kind: 'macvlan', cniType: type, master: plugin.master, mode: plugin.mode };
  if (type === 'sriov')
    return { kind: 'sriov', cniType: type, vlan: num(plugin.vlan), resourceName: nadResourceName(nad) };
  if (type === 'ovn-k8s-cni-overlay' && plugin.topology === 'localnet')
    return { kind: 'localnet', cniType: type, vlan: num(plugin.vlanID), physicalNetwork: plugin.name };
  return { kind: 'other', cniType: type };
}

export interface NadFormValues {
  site: string;
  namespace: string;
  name: string;
  kind: 'bridge' | 'macvlan' | 'sriov' | 'localnet';
  bridge: string;
  master: string;
  vlan: string;
  resourceName: string;
}

/** The NAD for the form's values (CNI 0.3.1 config, as the upstream examples write them). */
export function nadFromForm(v: NadFormValues): NetworkAttachmentDefinition {
  const vlan = v.vlan.trim() ? Number(v.vlan) : undefined;
  const base = { cniVersion: '0.3.1', name: v.name };
  let config: Loose;
  if (v.kind === 'bridge')
    config = { ...base, type: 'bridge', bridge: v.bridge, ...(vlan !== undefined ? { vlan } : {}), ipam: {} };
  else if (v.kind === 'macvlan')
    config = { ...base, type: 'macvlan', master: v.master, mode: 'bridge', ipam: {} };
  else if (v.kind === 'sriov')
    config = { ...base, type: 'sriov', ...(vlan !== undefined ? { vlan } : {}), ipam: {} };
  else
    config = {
      cniVersion: '0.3.1',
      name: v.bridge || v.name,
      type: 'ovn-k8s-cni-overlay',
      topology: 'localnet',
      netAttachDefName: `${v.namespace}/${v.name}`,
      ...(vlan !== undefined ? { vlanID: vlan } : {}),
    };
  const annotations =
    v.kind === 'sriov' && v.resourceName ? { [NAD_RESOURCE_ANNOTATION]: v.resourceName } : undefined;
  return {
    apiVersion: 'k8s.cni.cncf.io/v1',
    kind: 'NetworkAttachmentDefinition',
    metadata: { name: v.name, namespace: v.namespace, ...(annotations ? { annotations } : {}) },
    spec: { config: JSON.stringify(config) },
  };
}
