'use client';
import { useTranslation } from 'react-i18next';
import { RelativeTime } from '@/components/ui/relative-time';
import { useK8sList } from '@/lib/k8s/hooks/use-k8s-list';
import { EVENT_GVR, eventTime, sortEventsNewestFirst, type KubeEvent } from '@/lib/k8s/resources/event';
import { Dash, Section, Table, TD } from './detail-parts';

const VM_KINDS: ReadonlySet<string> = new Set(['VirtualMachine', 'VirtualMachineInstance']);
const SHORT_KIND: Record<string, string> = { VirtualMachine: 'VM', VirtualMachineInstance: 'VMI', PersistentVolumeClaim: 'PVC' };

/**
 * Live events of the objects of `kinds` that share one name (by default the VM and its VMI),
 * newest first. The DataVolume page passes DataVolume and its claim.
 */
export function EventsTab({ site, namespace, name, kinds = VM_KINDS, emptyText }: { site: string; namespace: string; name: string; kinds?: ReadonlySet<string>; emptyText?: string }) {
  const { t } = useTranslation('vm-details');
  // One watch by name; the kind filter is applied here so the VM's and the VMI's events merge.
  const snap = useK8sList<KubeEvent>(site, EVENT_GVR, {
    namespace,
    fieldSelector: `involvedObject.name=${name}`,
  });
  const events = sortEventsNewestFirst(
    [...snap.items.values()].filter((e) => kinds.has(e.involvedObject.kind ?? '')),
  );
  return (
    <Section title={t('common:noun.events')} testId="events">
      {!snap.listed ? (
        <p className="text-[13px] text-slate-500">{t('common:state.loading')}</p>
      ) : events.length === 0 ? (
        <p className="text-[13px] text-slate-500">{emptyText ?? t('events.none')}</p>
      ) : (
        <Table
          head={[
            t('common:noun.type'),
            t('common:noun.reason'),
            t('events.object'),
            t('common:noun.message'),
            t('events.count'),
            t('events.last'),
          ]}
        >
          {events.map((e) => (
            <tr key={e.metadata.uid ?? e.metadata.name} data-event-reason={e.reason} translate="no">
              <td className={TD} translate="yes">
                <span
                  className={e.type === 'Warning' ? 'font-medium text-amber-700 dark:text-amber-400' : ''}
                >
                  {e.type === 'Warning' ? t('events.warning') : t('events.normal')}
                </span>
              </td>
              <td className={`${TD} font-medium`}>{e.reason ?? <Dash />}</td>
              <td className={`${TD} whitespace-nowrap text-xs text-slate-500`}>
                {SHORT_KIND[e.involvedObject.kind ?? ''] ?? e.involvedObject.kind}
              </td>
              <td className={`${TD} max-w-xl`}>{e.message ?? <Dash />}</td>
              <td className={TD}>{e.count ?? 1}</td>
              <td className={`${TD} whitespace-nowrap`}>
                {eventTime(e) ? <RelativeTime at={eventTime(e)} /> : <Dash />}
              </td>
            </tr>
          ))}
        </Table>
      )}
    </Section>
  );
}
