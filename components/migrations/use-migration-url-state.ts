'use client';
/** Migration filters ⇄ URL, replaceState like the VM list (no navigation per keystroke). */
import { usePathname, useSearchParams } from 'next/navigation';
import { useCallback, useMemo } from 'react';
import {
  parseMigrationFilters,
  serializeMigrationFilters,
  type MigrationFilters,
} from '@/lib/migration/rows';

export function useMigrationUrlState(): [MigrationFilters, (patch: Partial<MigrationFilters>) => void] {
  const params = useSearchParams();
  const pathname = usePathname();
  const filters = useMemo(() => parseMigrationFilters(new URLSearchParams(params.toString())), [params]);
  const update = useCallback(
    (patch: Partial<MigrationFilters>) => {
      const next = serializeMigrationFilters({ ...filters, ...patch }).toString();
      window.history.replaceState(null, '', next ? `${pathname}?${next}` : pathname);
    },
    [filters, pathname],
  );
  return [filters, update];
}
