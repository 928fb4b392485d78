'use client';
/** Sites and their health (`GET SITES_PATH`), shared through react-query. */
import { useQuery } from '@tanstack/react-query';
import { SITES_PATH, type SiteStatus } from '../api/sites';
import { errorFromResponse } from '../k8s/kube-api-error';

export const sitesKey = ['api', 'sites'] as const;

/** The `SiteList` payload's items, sorted by name; refuses a payload without items. */
export function parseSites(payload: unknown): SiteStatus[] {
  const items = (payload as { items?: unknown } | null)?.items;
  if (!Array.isArray(items)) throw new Error('site payload has no items');
  return (items as SiteStatus[]).filter((c) => typeof c?.name === 'string').sort((a, b) => a.name.localeCompare(b.name));
}

async function fetchSites(): Promise<SiteStatus[]> {
  const res = await fetch(SITES_PATH, { credentials: 'same-origin', headers: { accept: 'application/json' } });
  if (!res.ok) throw await errorFromResponse(res);
  return parseSites(await res.json());
}

/**
 * Site list with live health, re-fetched every 5 s (the BFF's probes run on their own
 * schedule; a poll costs one small request and holds no connection).
 */
export function useSites(enabled = true) {
  return useQuery({ queryKey: sitesKey, queryFn: fetchSites, enabled, staleTime: 4_000, refetchInterval: enabled ? 5_000 : false });
}
