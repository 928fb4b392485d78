'use client';
/** The DataVolumes table. Sites hold tens to hundreds of DataVolumes, so all rows render. */
import { useTranslation } from 'react-i18next';
import { DvTableRow } from './dv-table-row';
import type { DvRow } from './dv-rows';

export function DvTable({ rows }: { rows: DvRow[] }) {
  const { t } = useTranslation('datavolumes');
  const head = [
    t('common:noun.name'),
    t('common:noun.site'),
    t('common:noun.namespace'),
    t('columns.phase'),
    t('columns.progress'),
    t('columns.restarts'),
    t('common:noun.size'),
    t('columns.storage'),
    t('columns.modes'),
    t('columns.pvc'),
    t('columns.vm'),
  ];
  return (
    <div className="min-h-0 flex-1 overflow-auto rounded-md border border-slate-200 dark:border-slate-800">
      <table className="w-full text-left text-[13px]" aria-label={t('shell:nav.dataVolumes')}>
        <thead className="sticky top-0 bg-slate-50 dark:bg-slate-900">
          <tr className="border-b border-slate-200 text-xs text-slate-600 dark:border-slate-800 dark:text-slate-300">
            {head.map((h) => (
              <th key={h} className="px-2 py-2 font-semibold whitespace-nowrap">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
          {rows.map((r) => (
            <DvTableRow key={r.id} row={r} />
          ))}
        </tbody>
      </table>
    </div>
  );
}
