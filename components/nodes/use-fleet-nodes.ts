'use client';
/** Live nodes of every site next to that site's VMs and VMIs (the VM list's watches, shared). */
import { useMemo } from 'react';
import { useK8sLists } from '@/lib/k8s/hooks/use-k8s-list';
import { useSiteVms, type SiteVms } from '@/lib/k8s/hooks/use-site-vms';
import { NODE_GVR, type KubeNode } from '@/lib/k8s/resources/node';
import type { WatchSnapshot } from '@/lib/k8s/watch';

export interface SiteNodes extends SiteVms {
  nodes: WatchSnapshot<KubeNode>;
}

export function useFleetNodes(): SiteNodes[] {
  const sites = useSiteVms('all');
  const specs = useMemo(() => sites.map((s) => ({ site: s.site, gvr: NODE_GVR })), [sites.map((s) => s.site).join('\n')]);
  const nodes = useK8sLists<KubeNode>(specs);
  return useMemo(() => sites.map((s, i) => ({ ...s, nodes: nodes[i] as WatchSnapshot<KubeNode> })).filter((s) => s.nodes), [sites, ...nodes]);
}
