'use client';
/** One VM row; memoized so a watch event re-renders only the rows whose data changed. */
import Link from 'next/link';
import { memo } from 'react';
import { StatusBadgeView } from '@/components/vm/status-badge';
import { ageParts } from '@/lib/i18n/time';
import { formatBytes } from '@/lib/k8s/quantity';
import { routes } from '@/lib/routes';
import { presentStatus } from '@/lib/vm/status';
import { GRID_ROW, ROW_PX } from './grid';
import type { RowText } from './row-text';
import type { VmRow } from './vm-rows';

export interface VmTableRowProps {
  row: VmRow;
  index: number;
  top: number;
  selected: boolean;
  onToggle: (id: string) => void;
  text: RowText;
}

function cpuMemory(row: VmRow, text: RowText): string {
  const cpu = row.vcpus !== undefined ? text.cpu(row.vcpus) : '—';
  const mem = row.memoryBytes !== undefined ? formatBytes(row.memoryBytes) : (row.memory ?? '—');
  return `${cpu} / ${mem}`;
}

function VmTableRowImpl({ row, index, top, selected, onToggle, text }: VmTableRowProps) {
  const cell = 'truncate px-2';
  // Age needs minute precision at most; the list re-renders often enough from watch updates.
  const age = ageParts(row.created, Date.now());
  return (
    <div
      role="row"
      aria-rowindex={index + 2}
      aria-selected={selected}
      data-testid="vm-row"
      data-vm={row.id}
      style={{ position: 'absolute', top: 0, left: 0, right: 0, height: ROW_PX, transform: `translateY(${top}px)`, contain: 'strict' }}
      className={`${GRID_ROW} items-center border-b border-slate-100 text-[13px] dark:border-slate-800/70 ${
        selected ? 'bg-blue-50 dark:bg-blue-500/10' : 'hover:bg-slate-50 dark:hover:bg-slate-900'
      } ${row.stale ? 'text-slate-500 dark:text-slate-400' : ''}`}
    >
      <div role="cell" className="flex justify-center">
        <input type="checkbox" aria-label={text.selectRow(row.name)} checked={selected} onChange={() => onToggle(row.id)} />
      </div>
      <div role="cell" className={cell}>
        {/* No prefetch: scrolling would otherwise observe and prefetch every row that passes by. */}
        <Link prefetch={false} href={routes.vmDetails(row.site, row.namespace, row.name)} className="font-medium text-blue-700 hover:underline dark:text-blue-300">
          {row.name}
        </Link>
      </div>
      <div role="cell" className={cell}>
        {row.namespace}
      </div>
      <div role="cell" className={cell}>
        {row.site}
      </div>
      <div role="cell" className="px-2">
        <StatusBadgeView p={presentStatus(row.status)} text={text.status(row.status)} stale={row.stale} />
      </div>
      <div role="cell" className={cell}>
        {row.node ?? '—'}
      </div>
      <div role="cell" className={`${cell} font-mono text-xs`} title={row.ips.join(', ') || undefined}>
        {row.ips[0] ?? '—'}
        {row.ips.length > 1 && <span className="ml-1 text-slate-400">{text.ipMore(row.ips.length - 1)}</span>}
      </div>
      <div role="cell" className={`${cell} tabular-nums`}>
        {cpuMemory(row, text)}
      </div>
      <div role="cell" className={`${cell} tabular-nums`}>
        {age ? text.age(age) : '—'}
      </div>
    </div>
  );
}

export const VmTableRow = memo(VmTableRowImpl);
