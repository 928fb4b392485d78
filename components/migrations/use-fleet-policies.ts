'use client';
/** Live MigrationPolicies and namespaces of every site, next to its VMs (shared watches). */
import { useMemo } from 'react';
import { useK8sLists } from '@/lib/k8s/hooks/use-k8s-list';
import { useSiteVms, type SiteVms } from '@/lib/k8s/hooks/use-site-vms';
import { MIGRATION_POLICY_GVR, type MigrationPolicy } from '@/lib/k8s/resources/migration-policy';
import { NAMESPACE_GVR, type KubeNamespace } from '@/lib/k8s/resources/namespace';
import type { WatchSnapshot } from '@/lib/k8s/watch';

export interface SitePolicies extends SiteVms {
  policies: WatchSnapshot<MigrationPolicy>;
  namespaces: WatchSnapshot<KubeNamespace>;
}

export function useFleetPolicies(): SitePolicies[] {
  const sites = useSiteVms('all');
  const key = sites.map((s) => s.site).join('\n');
  const specs = useMemo(() => {
    const names = key ? key.split('\n') : [];
    return [
      ...names.map((site) => ({ site, gvr: MIGRATION_POLICY_GVR })),
      ...names.map((site) => ({ site, gvr: NAMESPACE_GVR })),
    ];
  }, [key]);
  const lists = useK8sLists<MigrationPolicy | KubeNamespace>(specs);
  return useMemo(
    () =>
      sites
        .map((s, i) => ({
          ...s,
          policies: lists[i] as WatchSnapshot<MigrationPolicy>,
          namespaces: lists[sites.length + i] as WatchSnapshot<KubeNamespace>,
        }))
        .filter((s) => s.policies && s.namespaces),
    [sites, ...lists],
  );
}
