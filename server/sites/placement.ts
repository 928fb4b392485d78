/**
 * Site placement (tier, region, labels) from a kubeconfig's context extensions. client-node
 * drops `extensions`, so the kubeconfig text is read once more for them. A malformed extension
 * is an error at start, naming the context: a fleet silently missing its tiers is worse.
 */
import { parse } from 'yaml';
import { SITE_EXTENSION, SITE_TIERS, type SitePlacement, type SiteTier } from '../../lib/api/sites';

interface RawContext {
  name?: unknown;
  context?: { extensions?: { name?: unknown; extension?: unknown }[] };
}

function placementOf(context: string, raw: unknown): SitePlacement {
  if (typeof raw !== 'object' || raw === null)
    throw new Error(`kubeconfig context ${context}: extension ${SITE_EXTENSION} is not an object`);
  const { tier, region, labels } = raw as Record<string, unknown>;
  const p: SitePlacement = { labels: {} };
  if (tier !== undefined) {
    if (!(SITE_TIERS as readonly unknown[]).includes(tier)) {
      throw new Error(
        `kubeconfig context ${context}: tier must be one of ${SITE_TIERS.join(', ')}, not ${String(tier)}`,
      );
    }
    p.tier = tier as SiteTier;
  }
  if (region !== undefined) {
    if (typeof region !== 'string' || !region)
      throw new Error(`kubeconfig context ${context}: region must be a non-empty string`);
    p.region = region;
  }
  if (labels !== undefined) {
    if (typeof labels !== 'object' || labels === null)
      throw new Error(`kubeconfig context ${context}: labels must be a map`);
    for (const [k, v] of Object.entries(labels)) {
      if (typeof v !== 'string')
        throw new Error(`kubeconfig context ${context}: label ${k} must be a string`);
      p.labels[k] = v;
    }
  }
  return p;
}

/** Placement by context name, for the contexts that carry the extension. */
export function placementsFromKubeconfig(text: string): Map<string, SitePlacement> {
  const doc = parse(text) as { contexts?: RawContext[] } | null;
  const out = new Map<string, SitePlacement>();
  for (const c of doc?.contexts ?? []) {
    if (typeof c.name !== 'string') continue;
    const ext = c.context?.extensions?.find((e) => e.name === SITE_EXTENSION);
    if (ext) out.set(c.name, placementOf(c.name, ext.extension));
  }
  return out;
}
