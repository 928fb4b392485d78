'use client';
/** Row selection by id; "select all" acts on the rows currently shown. */
import { useCallback, useState } from 'react';
import type { VmRow } from './vm-rows';

export function useSelection(shown: readonly VmRow[]) {
  const [selected, setSelected] = useState<ReadonlySet<string>>(() => new Set());
  const toggle = useCallback((id: string) => {
    setSelected((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  }, []);
  const toggleAll = useCallback(() => {
    setSelected((prev) => (shown.length > 0 && shown.every((r) => prev.has(r.id)) ? new Set() : new Set(shown.map((r) => r.id))));
  }, [shown]);
  const clear = useCallback(() => setSelected(new Set()), []);
  return { selected, toggle, toggleAll, clear };
}
