/**
 * Site placement (tier, region, labels) from a kubeconfig's context extensions, or from a sites
 * file (`--sites-file`) that names them per site and wins over the extension. client-node
 * drops `extensions`, so the kubeconfig text is read once more for them. A malformed entry is an
 * error at start, naming where it is: a fleet silently missing its tiers is worse.
 */
import { parse } from 'yaml';
import { SITE_EXTENSION, SITE_TIERS, type SitePlacement, type SiteTier } from '../../lib/api/sites';

interface RawContext {
  name?: unknown;
  context?: { extensions?: { name?: unknown; extension?: unknown }[] };
}

function placementOf(where: string, raw: unknown): SitePlacement {
  if (typeof raw !== 'object' || raw === null)
    throw new Error(`${where}: not an object (tier, region, labels)`);
  const { tier, region, labels } = raw as Record<string, unknown>;
  const p: SitePlacement = { labels: {} };
  if (tier !== undefined) {
    if (!(SITE_TIERS as readonly unknown[]).includes(tier)) {
      throw new Error(
        `${where}: tier must be one of ${SITE_TIERS.join(', ')}, not ${String(tier)}`,
      );
    }
    p.tier = tier as SiteTier;
  }
  if (region !== undefined) {
    if (typeof region !== 'string' || !region)
      throw new Error(`${where}: region must be a non-empty string`);
    p.region = region;
  }
  if (labels !== undefined) {
    if (typeof labels !== 'object' || labels === null)
      throw new Error(`${where}: labels must be a map`);
    for (const [k, v] of Object.entries(labels)) {
      if (typeof v !== 'string')
        throw new Error(`${where}: label ${k} must be a string`);
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
    if (ext) out.set(c.name, placementOf(`kubeconfig context ${c.name}: extension ${SITE_EXTENSION}`, ext.extension));
  }
  return out;
}

/**
 * A sites file: `sites: { <site>: { tier, region, labels } }` in YAML or JSON (a ConfigMap in a
 * deployment). Placement by site name.
 */
export function placementsFromSitesFile(text: string, path: string): Map<string, SitePlacement> {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (err) {
    throw new Error(`sites file ${path}: ${err instanceof Error ? err.message : String(err)}`);
  }
  const sites = (doc as { sites?: unknown } | null)?.sites;
  if (typeof sites !== 'object' || sites === null || Array.isArray(sites))
    throw new Error(`sites file ${path}: expected "sites:" mapping each site name to its tier, region and labels`);
  const out = new Map<string, SitePlacement>();
  for (const [name, raw] of Object.entries(sites)) out.set(name, placementOf(`sites file ${path}: site ${name}`, raw));
  return out;
}
