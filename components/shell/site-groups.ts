/**
 * The site switcher's list: sites a search keeps (name, tier or region), in sections by tier
 * (central first) and region, sites without a placement last. Pure.
 */
import { SITE_TIERS, type SiteStatus, type SiteTier } from '@/lib/api/sites';

export interface SiteGroup {
  tier?: SiteTier;
  region?: string;
  sites: SiteStatus[];
}

export function siteGroups(sites: SiteStatus[], q: string): SiteGroup[] {
  const needle = q.trim().toLowerCase();
  const groups = new Map<string, SiteGroup>();
  for (const s of sites) {
    const p = s.placement;
    const hay = [s.name, p?.tier, p?.region].filter(Boolean).join(' ').toLowerCase();
    if (needle && !hay.includes(needle)) continue;
    const key = `${p?.tier ?? ''}/${p?.region ?? ''}`;
    const g = groups.get(key) ?? { tier: p?.tier, region: p?.region, sites: [] };
    g.sites.push(s);
    groups.set(key, g);
  }
  const rank = (g: SiteGroup) => (g.tier ? SITE_TIERS.indexOf(g.tier) : SITE_TIERS.length);
  return [...groups.values()].sort(
    (a, b) => rank(a) - rank(b) || (a.region ?? '\uffff').localeCompare(b.region ?? '\uffff'),
  );
}
