'use client';
/** The sites a fleet-wide view watches: one site, or every site of a tier and region as sites come and go. */
import { useMemo } from 'react';
import { inPlacement, type PlacementChoice } from '../../api/sites';
import { useSites } from '../../query/sites';

export function useSiteNames(site: string | 'all', placement: PlacementChoice = {}): string[] {
  const clusters = useSites();
  const key =
    site === 'all'
      ? (clusters.data ?? [])
          .filter((c) => inPlacement(c.placement, placement))
          .map((c) => c.name)
          .join('\n')
      : site;
  return useMemo(() => (key ? key.split('\n') : []), [key]);
}
