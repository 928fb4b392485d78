/**
 * What the console knows of the link between two sites before a cross-site migration. Upstream
 * has no probe between sites, so: the bandwidth is the cap KubeVirt applies to a migration
 * (`bandwidthPerMigration` of the source's KubeVirt CR), and the round trip is estimated from the
 * console's own probes as console→source + console→target. Edge fleets are mostly hub and spoke,
 * where site-to-site traffic passes the hub the console runs at; elsewhere it is an upper
 * estimate, and the pre-flight says it is one.
 */
import { parseQuantity } from '../k8s/quantity';
import type { KubeVirtCr } from '../k8s/resources/kubevirt-cr';
import type { LinkMeasure } from './cross-site-prediction';

export function crossSiteLink(
  sourceKv: KubeVirtCr | undefined,
  sourceRttMs: number | null | undefined,
  targetRttMs: number | null | undefined,
): LinkMeasure | undefined {
  const cap = sourceKv?.spec?.configuration?.migrations?.bandwidthPerMigration;
  if (!cap) return undefined;
  let bps: number;
  try {
    bps = parseQuantity(cap);
  } catch {
    // An unparsable cap is the cluster's data: the link counts as not measured.
    return undefined;
  }
  // 0 means unlimited: nothing is known about the link then.
  if (!(bps > 0)) return undefined;
  const both = typeof sourceRttMs === 'number' && typeof targetRttMs === 'number';
  return both
    ? { bandwidthBytesPerSec: bps, rttMs: sourceRttMs + targetRttMs, rttEstimated: true }
    : { bandwidthBytesPerSec: bps, rttMs: 0 };
}
