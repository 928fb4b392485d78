/**
 * Pre-flight of a live migration from one site to another, for the pair of sites, before
 * anything is created: the DecentralizedLiveMigration gate on both KubeVirt CRs, the link
 * (bandwidth and round trip) with the predicted duration, the CPU model on the target's nodes,
 * the disks (ephemeral ones go along, DataVolumes and PVCs need a copy of the same name in the
 * target namespace, the import of the same source is offered), the
 * Multus networks present on the target, and a target node with room for the VM's memory.
 */
import { parseQuantity } from '../k8s/quantity';
import type { KubeVirtCr } from '../k8s/resources/kubevirt-cr';
import type { NetworkAttachmentDefinition } from '../k8s/resources/network-attachment-definition';
import { nodeIsSchedulable, type KubeNode } from '../k8s/resources/node';
import { vmMemoryBytes, type VirtualMachine } from '../k8s/resources/virtual-machine';
import { predictCrossSite, type LinkMeasure } from './cross-site-prediction';
import { cpuVerdict, missingNads } from './target-needs';

export const DECENTRALIZED_GATE = 'DecentralizedLiveMigration';
/** KubeVirt's default completionTimeoutPerGiB. */
const DEFAULT_TIMEOUT_PER_GIB = 150;

export type CrossSiteKey = 'gate' | 'link' | 'cpu' | 'disks' | 'networks' | 'capacity';

/**
 * `reason` is a catalog key under `cross-site:preflight.`; `warn` passes but says so; an
 * `advisory` line that fails is a prediction (the link), shown in red without blocking Start.
 */
export interface CrossSiteLine {
  key: CrossSiteKey;
  ok: boolean;
  warn?: boolean;
  advisory?: boolean;
  reason: string;
  values?: Record<string, string>;
  /** The disks line: claims the target still lacks, one import offer each. */
  missing?: string[];
}

export interface CrossSiteInput {
  vm: VirtualMachine;
  sourceSite: string;
  targetSite: string;
  sourceKv?: KubeVirtCr;
  targetKv?: KubeVirtCr;
  targetNodes: KubeNode[];
  /** NADs of the target namespace and the target's default namespace. */
  targetNads: NetworkAttachmentDefinition[];
  targetNamespace: string;
  /** Names of the DataVolumes and PVCs in the target namespace (a disk's copy is one of them). */
  targetClaims: ReadonlySet<string>;
  /** The link between the sites; undefined while not measured. */
  link?: LinkMeasure;
  /** Bytes per second the guest dirties; 0 when unknown. */
  dirtyRateBytesPerSec: number;
}

const hasGate = (kv?: KubeVirtCr) =>
  kv?.spec?.configuration?.developerConfiguration?.featureGates?.includes(DECENTRALIZED_GATE) ?? false;

function gateLine(i: CrossSiteInput): CrossSiteLine {
  const missing = [
    ...(hasGate(i.sourceKv) ? [] : [i.sourceSite]),
    ...(hasGate(i.targetKv) ? [] : [i.targetSite]),
  ];
  return missing.length
    ? { key: 'gate', ok: false, reason: 'gateMissing', values: { sites: missing.join(', ') } }
    : { key: 'gate', ok: true, reason: 'gateOn' };
}

function linkLine(i: CrossSiteInput, memoryBytes: number): CrossSiteLine {
  if (!i.link) return { key: 'link', ok: true, warn: true, reason: 'linkUnmeasured' };
  const gib = Math.max(1, memoryBytes / 2 ** 30);
  const p = predictCrossSite({
    memoryBytes,
    dirtyRateBytesPerSec: i.dirtyRateBytesPerSec,
    link: i.link,
    completionTimeoutSec: DEFAULT_TIMEOUT_PER_GIB * gib,
  });
  const values = {
    rtt: i.link.rttMs.toFixed(1),
    mbps: ((i.link.bandwidthBytesPerSec * 8) / 1e6).toFixed(1),
    sec: p.durationSec === undefined ? '' : p.durationSec.toFixed(1),
  };
  if (p.verdict === 'ok')
    return { key: 'link', ok: true, reason: i.link.rttEstimated ? 'linkOk' : 'linkOkNoRtt', values };
  if (p.verdict === 'slowRtt') return { key: 'link', ok: true, warn: true, reason: 'linkSlowRtt', values };
  if (p.verdict === 'tooSlow')
    return { key: 'link', ok: false, advisory: true, reason: 'linkTooSlow', values };
  return { key: 'link', ok: false, advisory: true, reason: 'linkNeverConverges', values };
}

function cpuLine(i: CrossSiteInput): CrossSiteLine {
  const schedulable = i.targetNodes.filter(nodeIsSchedulable);
  return { key: 'cpu', ...cpuVerdict(i.vm.spec.template.spec.domain, schedulable) };
}

function disksLine(i: CrossSiteInput): CrossSiteLine {
  const claims = (i.vm.spec.template.spec.volumes ?? [])
    .map((v) => v.dataVolume?.name ?? v.persistentVolumeClaim?.claimName)
    .filter((n): n is string => Boolean(n));
  const missing = claims.filter((n) => !i.targetClaims.has(n));
  if (missing.length)
    return { key: 'disks', ok: false, reason: 'disksNeedCopy', values: { names: missing.join(', ') }, missing };
  return claims.length
    ? { key: 'disks', ok: true, reason: 'disksCopied', values: { names: claims.join(', ') } }
    : { key: 'disks', ok: true, reason: 'disksEphemeral' };
}

function networksLine(i: CrossSiteInput): CrossSiteLine {
  const missing = missingNads(i.vm.spec.template.spec.networks, i.targetNamespace, i.targetNads);
  return missing.length
    ? { key: 'networks', ok: false, reason: 'networksMissing', values: { names: missing.join(', ') } }
    : { key: 'networks', ok: true, reason: 'networksPresent' };
}

function capacityLine(i: CrossSiteInput, memoryBytes: number): CrossSiteLine {
  const fits = i.targetNodes.filter(
    (n) => nodeIsSchedulable(n) && parseQuantity(n.status?.allocatable?.memory ?? '0') >= memoryBytes,
  );
  return fits.length
    ? { key: 'capacity', ok: true, reason: 'capacityOk', values: { count: String(fits.length) } }
    : { key: 'capacity', ok: false, reason: 'capacityNone' };
}

export function crossSitePreflight(i: CrossSiteInput): CrossSiteLine[] {
  const memoryBytes = vmMemoryBytes(i.vm) ?? 0;
  return [
    gateLine(i),
    linkLine(i, memoryBytes),
    cpuLine(i),
    disksLine(i),
    networksLine(i),
    capacityLine(i, memoryBytes),
  ];
}

/** Start may go ahead: every line passes, or fails only as a prediction. */
export function crossSiteMayStart(lines: readonly CrossSiteLine[]): boolean {
  return lines.every((l) => l.ok || l.advisory);
}
