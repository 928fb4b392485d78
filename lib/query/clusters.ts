'use client';
/** Sites (clusters) and their health: `GET /api/clusters`, kept live by `/api/clusters/stream` (SSE). */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { errorFromResponse } from '../k8s/kube-api-error';

export type ClusterHealth = 'healthy' | 'degraded' | 'unreachable' | 'unknown';

export interface ClusterInfo {
  name: string;
  server?: string;
  status: ClusterHealth;
  rttMs?: number | null;
  lastSeen?: string | null;
  message?: string | null;
}

export const clustersKey = ['api', 'clusters'] as const;

/** Accepts `{items}` as documented; tolerates a bare array from the stream. */
export function parseClusters(payload: unknown): ClusterInfo[] {
  const items = Array.isArray(payload) ? payload : (payload as { items?: unknown } | null)?.items;
  if (!Array.isArray(items)) throw new Error('cluster payload has no items');
  return (items as ClusterInfo[]).filter((c) => typeof c?.name === 'string').sort((a, b) => a.name.localeCompare(b.name));
}

async function fetchClusters(): Promise<ClusterInfo[]> {
  const res = await fetch('/api/clusters', { credentials: 'same-origin', headers: { accept: 'application/json' } });
  if (!res.ok) throw await errorFromResponse(res);
  return parseClusters(await res.json());
}

/** Cluster list with live health; `enabled` false while signed out. */
export function useClusters(enabled = true) {
  const client = useQueryClient();
  const query = useQuery({ queryKey: clustersKey, queryFn: fetchClusters, enabled, staleTime: 30_000 });
  useEffect(() => {
    if (!enabled || typeof EventSource === 'undefined') return;
    const source = new EventSource('/api/clusters/stream', { withCredentials: true });
    const onFrame = (e: MessageEvent<string>) => {
      try {
        client.setQueryData(clustersKey, parseClusters(JSON.parse(e.data)));
      } catch {
        // A malformed frame is dropped; the next frame or the periodic refetch corrects it.
      }
    };
    // The BFF names its frames `event: clusters`; unnamed frames are accepted too.
    source.addEventListener('clusters', onFrame);
    source.onmessage = onFrame;
    return () => source.close();
  }, [client, enabled]);
  return query;
}
