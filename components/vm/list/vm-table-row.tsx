'use client';
/** One VM row; memoized so a watch event re-renders only the rows whose data changed. */
import Link from 'next/link';
import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import { VmStatusBadge } from '@/components/ui/vm-status-badge';
import { ageParts } from '@/lib/i18n/time';
import { formatBytes } from '@/lib/k8s/quantity';
import { routes } from '@/lib/routes';
import { GRID_ROW, ROW_PX } from './grid';
import type { VmRow } from './vm-rows';

export interface VmTableRowProps {
  row: VmRow;
  index: number;
  top: number;
  selected: boolean;
  onToggle: (id: string) => void;
}

function CpuMemory({ row }: { row: VmRow }) {
  const { t } = useTranslation('vm-list');
  const cpu = row.vcpus !== undefined ? t('cpu', { count: row.vcpus }) : '—';
  const mem = row.memoryBytes !== undefined ? formatBytes(row.memoryBytes) : (row.memory ?? '—');
  return (
    <span className="tabular-nums">
      {cpu} / {mem}
    </span>
  );
}

function Age({ created }: { created?: string }) {
  const { t } = useTranslation('common');
  // Age needs minute precision at most; the list re-renders often enough from watch updates.
  const parts = ageParts(created, Date.now());
  return <span className="tabular-nums">{parts ? t(parts.key, { count: parts.count }) : '—'}</span>;
}

function VmTableRowImpl({ row, index, top, selected, onToggle }: VmTableRowProps) {
  const { t } = useTranslation('vm-list');
  const cell = 'truncate px-2';
  return (
    <div
      role="row"
      aria-rowindex={index + 2}
      aria-selected={selected}
      data-testid="vm-row"
      data-vm={row.id}
      style={{ position: 'absolute', top: 0, left: 0, right: 0, height: ROW_PX, transform: `translateY(${top}px)` }}
      className={`${GRID_ROW} items-center border-b border-slate-100 text-[13px] dark:border-slate-800/70 ${
        selected ? 'bg-blue-50 dark:bg-blue-500/10' : 'hover:bg-slate-50 dark:hover:bg-slate-900'
      } ${row.stale ? 'text-slate-500 dark:text-slate-400' : ''}`}
    >
      <div role="cell" className="flex justify-center">
        <input type="checkbox" aria-label={t('bulk.selectRow', { name: row.name })} checked={selected} onChange={() => onToggle(row.id)} />
      </div>
      <div role="cell" className={cell}>
        <Link href={routes.vmDetails(row.site, row.namespace, row.name)} className="font-medium text-blue-700 hover:underline dark:text-blue-300">
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
        <VmStatusBadge status={row.status} stale={row.stale} />
      </div>
      <div role="cell" className={cell}>
        {row.node ?? '—'}
      </div>
      <div role="cell" className={`${cell} font-mono text-xs`} title={row.ips.join(', ') || undefined}>
        {row.ips[0] ?? '—'}
        {row.ips.length > 1 && <span className="ml-1 text-slate-400">{t('ipMore', { count: row.ips.length - 1 })}</span>}
      </div>
      <div role="cell" className={cell}>
        <CpuMemory row={row} />
      </div>
      <div role="cell" className={cell}>
        <Age created={row.created} />
      </div>
    </div>
  );
}

export const VmTableRow = memo(VmTableRowImpl);
