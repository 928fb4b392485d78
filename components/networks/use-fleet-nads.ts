'use client';
/** Live NADs of every site next to that site's VMs (the VM list's watches, shared). */
import { useMemo } from 'react';
import { useK8sLists } from '@/lib/k8s/hooks/use-k8s-list';
import { useSiteVms, type SiteVms } from '@/lib/k8s/hooks/use-site-vms';
import { NAD_GVR, type NetworkAttachmentDefinition } from '@/lib/k8s/resources/network-attachment-definition';
import type { WatchSnapshot } from '@/lib/k8s/watch';

export interface SiteNads extends SiteVms {
  nads: WatchSnapshot<NetworkAttachmentDefinition>;
}

export function useFleetNads(): SiteNads[] {
  const sites = useSiteVms('all');
  const key = sites.map((s) => s.site).join('\n');
  const specs = useMemo(() => (key ? key.split('\n') : []).map((site) => ({ site, gvr: NAD_GVR })), [key]);
  const nads = useK8sLists<NetworkAttachmentDefinition>(specs);
  return useMemo(
    () =>
      sites
        .map((s, i) => ({ ...s, nads: nads[i] as WatchSnapshot<NetworkAttachmentDefinition> }))
        .filter((s) => s.nads),
    [sites, ...nads],
  );
}
