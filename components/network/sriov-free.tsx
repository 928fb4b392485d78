'use client';
/** Free SR-IOV functions per node, from node allocatable minus running pods' requests. */
import { useTranslation } from 'react-i18next';

export function SriovFree({
  resource,
  free,
}: {
  resource: string | undefined;
  free: { node: string; free: number }[];
}) {
  const { t } = useTranslation('network');
  if (!resource)
    return <p className="text-xs text-amber-700 dark:text-amber-400">{t('editor.noVfResource')}</p>;
  const any = free.some((f) => f.free > 0);
  return (
    <p
      className={`text-xs ${any ? 'text-slate-600 dark:text-slate-400' : 'text-amber-700 dark:text-amber-400'}`}
      data-testid="sriov-free"
    >
      {any
        ? t('editor.freeVfs', { resource, nodes: free.map((f) => `${f.node} ${f.free}`).join(', ') })
        : t('editor.noFreeVf', { resource })}
    </p>
  );
}
