'use client';
/** One DataVolume row: phase in words, progress, restarts with the last error, storage, claim, VM. */
import Link from 'next/link';
import { useTranslation } from 'react-i18next';
import { IconWarning } from '@/components/ui/icons';
import { Tooltip } from '@/components/ui/tooltip';
import { routes } from '@/lib/routes';
import { DvPhaseBadge } from '../dv-phase-badge';
import { DvProgress } from '../dv-progress';
import type { DvRow } from './dv-rows';

const TD = 'px-2 py-1.5 align-middle text-slate-800 dark:text-slate-200';
const Dash = () => <span className="text-slate-400 dark:text-slate-500">—</span>;

export function DvTableRow({ row }: { row: DvRow }) {
  const { t } = useTranslation('datavolumes');
  return (
    <tr
      data-testid="dv-row"
      data-dv={row.id}
      data-stale={row.stale || undefined}
      className="hover:bg-slate-50 dark:hover:bg-slate-800/50"
    >
      <td className={`${TD} font-medium whitespace-nowrap`} translate="no">
        <Link
          href={routes.dataVolumeDetails(row.site, row.namespace, row.name)}
          className="text-blue-700 hover:underline dark:text-blue-400"
        >
          {row.name}
        </Link>
        <div className="text-[11px] font-normal text-slate-500">{t(`source.${row.source}`)}</div>
      </td>
      <td className={`${TD} whitespace-nowrap`} translate="no">
        {row.site}
      </td>
      <td className={TD} translate="no">
        {row.namespace}
      </td>
      <td className={TD}>
        <DvPhaseBadge phase={row.phase} stale={row.stale} />
      </td>
      <td className={TD}>
        <DvProgress progress={row.progress} text={row.progressText} done={row.phase === 'Succeeded'} />
      </td>
      <td className={`${TD} tabular-nums`} data-testid="dv-restarts">
        {row.lastError ? (
          <Tooltip content={t('restarts.lastError', { message: row.lastError })}>
            <span className="inline-flex max-w-56 items-center gap-1 text-amber-700 dark:text-amber-400">
              <IconWarning width={12} height={12} className="shrink-0" />
              {row.restarts}
              <span className="truncate text-xs" data-testid="dv-last-error">
                {row.lastError}
              </span>
            </span>
          </Tooltip>
        ) : (
          row.restarts
        )}
      </td>
      <td className={`${TD} tabular-nums`} translate="no">
        {row.size ?? <Dash />}
      </td>
      <td className={TD} translate="no">
        {row.storageClass ?? <Dash />}
      </td>
      <td className={`${TD} text-xs whitespace-nowrap`} translate="no">
        {row.accessModes.join(', ') || <Dash />} / {row.volumeMode ?? <Dash />}
      </td>
      <td className={TD} translate="no">
        {row.boundPvc ?? <Dash />}
      </td>
      <td className={TD} translate="no">
        {row.vm ? (
          <Link
            href={routes.vmDetails(row.site, row.namespace, row.vm)}
            data-testid="dv-vm"
            className="text-blue-700 hover:underline dark:text-blue-400"
          >
            {row.vm}
          </Link>
        ) : (
          <span className="text-xs text-slate-400">{t('notUsed')}</span>
        )}
      </td>
    </tr>
  );
}
