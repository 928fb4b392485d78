/** Per-site health of the DataVolumes page, in the VM list's terms (so its freshness chips fit). */
import type { SiteView } from '@/components/vm/list/site-view';
import type { SiteStatus } from '@/lib/api/sites';
import type { SiteDvs } from '@/lib/k8s/hooks/use-site-dvs';

export function dvSiteView(s: SiteDvs, cluster: SiteStatus | undefined): SiteView {
  const error = s.dvs.error;
  const denied = error !== null && (error.code === 401 || error.code === 403);
  const down = cluster?.status === 'unreachable' || (!denied && s.dvs.connection === 'reconnecting');
  let health: SiteView['health'] = 'live';
  if (denied) health = 'denied';
  else if (down) health = 'unreachable';
  else if (s.dvs.connection === 'connecting') health = 'connecting';
  return {
    site: s.site,
    health,
    lastUpdated: s.dvs.lastUpdated,
    count: s.dvs.items.size,
    listed: s.dvs.listed,
    errorMessage:
      error?.message ?? (cluster?.status === 'unreachable' ? (cluster.message ?? undefined) : undefined),
  };
}
