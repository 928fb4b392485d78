'use client';
import { useTranslation } from 'react-i18next';
import { RelativeTime } from '@/components/ui/relative-time';
import type { KubeCondition } from '@/lib/k8s/types';
import { ConditionStatus, Dash, Table, TD } from './detail-parts';

/**
 * VM conditions, then VMI conditions the VM does not carry (virt-controller copies most VMI
 * conditions onto the VM, so duplicates are dropped by type).
 */
export function mergeConditions(
  vmConds: readonly KubeCondition[] = [],
  vmiConds: readonly KubeCondition[] = [],
): Array<KubeCondition & { source: 'vm' | 'vmi' }> {
  const seen = new Set(vmConds.map((c) => c.type));
  return [
    ...vmConds.map((c) => ({ ...c, source: 'vm' as const })),
    ...vmiConds.filter((c) => !seen.has(c.type)).map((c) => ({ ...c, source: 'vmi' as const })),
  ];
}

export function ConditionsTable({
  conditions,
}: {
  conditions: Array<KubeCondition & { source: 'vm' | 'vmi' }>;
}) {
  const { t } = useTranslation('vm-details');
  if (!conditions.length) return <p className="text-[13px] text-slate-500">{t('overview.noConditions')}</p>;
  return (
    <Table
      testId="conditions"
      head={[
        t('common:noun.type'),
        t('common:noun.status'),
        t('common:noun.reason'),
        t('common:noun.message'),
        t('conditions.since'),
      ]}
    >
      {conditions.map((c) => (
        <tr key={`${c.source}-${c.type}`}>
          <td className={`${TD} font-medium`}>
            <span translate="no">{c.type}</span>
            {c.source === 'vmi' && (
              <span className="ml-1 text-[11px] text-slate-400">{t('conditions.fromVmi')}</span>
            )}
          </td>
          <td className={TD}>
            <ConditionStatus status={c.status} />
          </td>
          <td className={TD} translate="no">
            {c.reason || <Dash />}
          </td>
          <td className={`${TD} max-w-md`} translate="no">
            {c.message || <Dash />}
          </td>
          <td className={`${TD} whitespace-nowrap`}>
            {c.lastTransitionTime ? <RelativeTime at={c.lastTransitionTime} /> : <Dash />}
          </td>
        </tr>
      ))}
    </Table>
  );
}
