'use client';
/**
 * When the BFF's probe has just reached a site, that site's watches that are waiting out a
 * reconnect backoff (which grows to 30 s over a long WAN outage) retry at once. Watches that are
 * connected are not touched.
 */
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import type { SiteStatus } from '../../api/sites';
import { retryWatches } from '../watch-registry';

export function useWatchRecovery(clusters: readonly SiteStatus[] | undefined): void {
  const client = useQueryClient();
  const seen = useRef(new Map<string, string>());
  useEffect(() => {
    for (const c of clusters ?? []) {
      if (c.status === 'unreachable' || !c.lastSeen) continue;
      // A new lastSeen is a new successful probe: proof the site answers right now.
      if (seen.current.get(c.name) !== c.lastSeen) retryWatches(client, c.name);
      seen.current.set(c.name, c.lastSeen);
    }
  }, [client, clusters]);
}
