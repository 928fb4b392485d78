'use client';
/**
 * One list a form offers as choices (namespaces, PVCs, storage classes, …): read once, kept 30 s,
 * never retried. A list the user may not read, or a kind the site does not serve, offers nothing;
 * forms still accept typed values. `namespace: ''` waits for the user to pick one.
 */
import { useQuery } from '@tanstack/react-query';
import type { GroupVersionResource } from '../api-path';
import { listObjects } from '../client';
import { resourceKeys } from '../resources/resource-keys';
import type { KubeObject } from '../types';

export function useOptionList<T extends KubeObject>(site: string, gvr: GroupVersionResource, namespace?: string): T[] {
  const q = useQuery({
    queryKey: [...resourceKeys(gvr).list(site, { namespace }), 'options'],
    queryFn: async () => (await listObjects<T>(site, gvr, { namespace })).items,
    enabled: !!site && namespace !== '',
    retry: false,
    staleTime: 30_000,
  });
  return q.data ?? [];
}
