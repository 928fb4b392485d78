'use client';
/**
 * React hooks over the shared list+watch cache. Data lives in react-query under the resource
 * module's keys; the watch keeps it current.
 */
import { useQueries, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo } from 'react';
import type { GroupVersionResource } from '../api-path';
import { resourceKeys, type CollectionScope } from '../resources/resource-keys';
import type { KubeObject } from '../types';
import { emptySnapshot, type WatchSnapshot } from '../watch';
import { acquireWatch, type WatchSpec } from '../watch-registry';

export interface ListSpec {
  site: string;
  gvr: GroupVersionResource;
  scope?: CollectionScope;
}

function toWatchSpec(spec: ListSpec): WatchSpec {
  return { ...spec, queryKey: resourceKeys(spec.gvr).list(spec.site, spec.scope) };
}

/** Several live collections at once (e.g. one per site); one snapshot per spec, same order. */
export function useK8sLists<T extends KubeObject>(specs: readonly ListSpec[]): WatchSnapshot<T>[] {
  const client = useQueryClient();
  const watchSpecs = useMemo(() => specs.map(toWatchSpec), [specs]);
  const ids = watchSpecs.map((s) => JSON.stringify(s.queryKey)).join('\n');
  useEffect(() => {
    const releases = watchSpecs.map((s) => acquireWatch(client, s));
    return () => releases.forEach((release) => release());
    // ids captures every spec's identity; watchSpecs itself changes on each render of callers.
  }, [client, ids]);
  return useQueries({
    queries: watchSpecs.map((s) => ({
      queryKey: s.queryKey,
      // The watch writes this key; the function only supplies the placeholder before it does.
      queryFn: () => (client.getQueryData<WatchSnapshot<T>>(s.queryKey) ?? emptySnapshot<T>()),
      staleTime: Infinity,
      gcTime: 5 * 60_000,
      structuralSharing: false,
      refetchOnWindowFocus: false,
      refetchOnReconnect: false,
      refetchOnMount: false,
    })),
    combine: (results) => results.map((r) => (r.data as WatchSnapshot<T> | undefined) ?? emptySnapshot<T>()),
  });
}

/** One live collection on one site. */
export function useK8sList<T extends KubeObject>(site: string, gvr: GroupVersionResource, scope?: CollectionScope): WatchSnapshot<T> {
  const specs = useMemo(
    () => [{ site, gvr, scope }],
    // scope is compared by value so inline objects do not restart the watch.
    [site, gvr, scope?.namespace, scope?.labelSelector, scope?.fieldSelector],
  );
  const [snapshot] = useK8sLists<T>(specs);
  return snapshot ?? emptySnapshot<T>();
}

export interface K8sObjectState<T extends KubeObject> {
  /** The object, once listed and while it exists. */
  object: T | undefined;
  /** Listed and absent: deleted or never existed. */
  notFound: boolean;
  snapshot: WatchSnapshot<T>;
}

/** One live object, watched by `metadata.name` field selector. */
export function useK8sObject<T extends KubeObject>(
  site: string,
  gvr: GroupVersionResource,
  namespace: string | undefined,
  name: string,
): K8sObjectState<T> {
  const snapshot = useK8sList<T>(site, gvr, { namespace, fieldSelector: `metadata.name=${name}` });
  const key = namespace ? `${namespace}/${name}` : name;
  const object = snapshot.items.get(key);
  return { object, notFound: snapshot.listed && !object, snapshot };
}
