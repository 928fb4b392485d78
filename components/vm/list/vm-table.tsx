'use client';
/**
 * Virtualized VM table: only the visible rows (plus overscan) are in the DOM, so 10,000 VMs
 * scroll smoothly. Header and rows share one CSS grid template.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { IconSort } from '@/components/ui/icons';
import type { SortDir, SortKey } from './filter-state';
import { GRID_ROW, ROW_PX } from './grid';
import { useRowText } from './row-text';
import { VmTableRow } from './vm-table-row';
import type { VmRow } from './vm-rows';


const COLUMNS: { key: SortKey; label: string }[] = [
  { key: 'name', label: 'columns.name' },
  { key: 'namespace', label: 'columns.namespace' },
  { key: 'site', label: 'columns.site' },
  { key: 'status', label: 'columns.status' },
  { key: 'node', label: 'columns.node' },
  { key: 'ip', label: 'columns.ip' },
  { key: 'memory', label: 'columns.cpuMemory' },
  { key: 'age', label: 'columns.age' },
];

export interface VmTableProps {
  rows: VmRow[];
  sort: SortKey;
  dir: SortDir;
  onSort: (key: SortKey) => void;
  selected: ReadonlySet<string>;
  onToggle: (id: string) => void;
  onToggleAll: () => void;
}

interface HeaderProps {
  sort: SortKey;
  dir: SortDir;
  onSort: (key: SortKey) => void;
  allSelected: boolean;
  empty: boolean;
  onToggleAll: () => void;
}

/** Memoized: the table re-renders on every scrolled frame, the header need not. */
const VmTableHeader = memo(function VmTableHeader({ sort, dir, onSort, allSelected, empty, onToggleAll }: HeaderProps) {
  const { t } = useTranslation('vm-list');
  return (
    <div role="rowgroup" className="bg-slate-50 dark:bg-slate-900">
      <div role="row" className={`${GRID_ROW} h-8 items-center border-b border-slate-200 text-xs font-semibold text-slate-600 dark:border-slate-800 dark:text-slate-300`}>
        <div role="columnheader" className="flex justify-center">
          <input type="checkbox" aria-label={t('bulk.selectAll')} checked={allSelected} onChange={onToggleAll} disabled={empty} />
        </div>
        {COLUMNS.map((c) => (
          <div key={c.key} role="columnheader" aria-sort={sort === c.key ? (dir === 'asc' ? 'ascending' : 'descending') : 'none'} className="px-2">
            <button type="button" onClick={() => onSort(c.key)} className="inline-flex items-center gap-1 hover:text-slate-900 dark:hover:text-white">
              {t(c.label)}
              <IconSort width={12} height={12} dir={sort === c.key ? dir : undefined} className={sort === c.key ? 'text-blue-600' : 'text-slate-400'} />
            </button>
          </div>
        ))}
      </div>
    </div>
  );
});

export function VmTable({ rows, sort, dir, onSort, selected, onToggle, onToggleAll }: VmTableProps) {
  const { t } = useTranslation('vm-list');
  const text = useRowText();
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({ count: rows.length, getScrollElement: () => scroller.current, estimateSize: () => ROW_PX, overscan: 8 });
  const allSelected = useMemo(() => rows.length > 0 && rows.every((r) => selected.has(r.id)), [rows, selected]);
  return (
    <div role="table" aria-label={t('common:noun.vms')} aria-rowcount={rows.length + 1} className="flex min-h-0 flex-1 flex-col overflow-hidden rounded-md border border-slate-200 dark:border-slate-800">
      <VmTableHeader sort={sort} dir={dir} onSort={onSort} allSelected={allSelected} empty={rows.length === 0} onToggleAll={onToggleAll} />
      <div ref={scroller} role="rowgroup" data-testid="vm-rows" className="min-h-0 flex-1 overflow-auto">
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((item) => {
            const row = rows[item.index];
            if (!row) return null;
            return (
              <VmTableRow
                key={row.id}
                row={row}
                index={item.index}
                top={item.start}
                selected={selected.has(row.id)}
                onToggle={onToggle}
                text={text}
              />
            );
          })}
        </div>
      </div>
    </div>
  );
}
