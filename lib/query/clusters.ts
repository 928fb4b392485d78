'use client';
/** Sites (clusters) and their health: `GET /api/clusters`. */
import { useQuery } from '@tanstack/react-query';
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

/**
 * Cluster list with live health, re-fetched every 5 s (the BFF's probes run on their own
 * schedule; a poll costs one small request and holds no connection).
 */
export function useClusters(enabled = true) {
  return useQuery({ queryKey: clustersKey, queryFn: fetchClusters, enabled, staleTime: 4_000, refetchInterval: enabled ? 5_000 : false });
}
