'use client';
/**
 * Filter state ⇄ URL. Updates use history.replaceState, which Next's router observes, so typing
 * in the search box never waits for a navigation.
 */
import { usePathname, useSearchParams } from 'next/navigation';
import { useCallback, useMemo } from 'react';
import { parseFilters, serializeFilters, type VmListFilters } from './filter-state';

export function useListUrlState(): [VmListFilters, (patch: Partial<VmListFilters>) => void] {
  const params = useSearchParams();
  const pathname = usePathname();
  const filters = useMemo(() => parseFilters(new URLSearchParams(params.toString())), [params]);
  const update = useCallback(
    (patch: Partial<VmListFilters>) => {
      const next = serializeFilters({ ...filters, ...patch }).toString();
      window.history.replaceState(null, '', next ? `${pathname}?${next}` : pathname);
    },
    [filters, pathname],
  );
  return [filters, update];
}
