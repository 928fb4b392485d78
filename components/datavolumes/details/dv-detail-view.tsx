'use client';
/** One DataVolume, live: phase in words, progress, the importer's last message, storage, conditions, events. */
import Link from 'next/link';
import { useTranslation } from 'react-i18next';
import { EmptyState } from '@/components/ui/empty-state';
import { IconDisk } from '@/components/ui/icons';
import { RelativeTime } from '@/components/ui/relative-time';
import { ConditionsTable } from '@/components/vm/details/conditions-table';
import { Dash, Field, Section } from '@/components/vm/details/detail-parts';
import { EventsTab } from '@/components/vm/details/events-tab';
import { dvConsumer, dvConsumers, dvFacts } from '@/lib/datavolume/dv-facts';
import { presentDvPhase } from '@/lib/datavolume/dv-phase';
import { useK8sList, useK8sObject } from '@/lib/k8s/hooks/use-k8s-list';
import { DV_GVR, type DataVolume } from '@/lib/k8s/resources/datavolume';
import { PVC_GVR, type PersistentVolumeClaim } from '@/lib/k8s/resources/persistent-volume-claim';
import { VM_GVR, type VirtualMachine } from '@/lib/k8s/resources/virtual-machine';
import { routes } from '@/lib/routes';
import { DvPhaseBadge } from '../dv-phase-badge';
import { DvProgress } from '../dv-progress';

const DV_EVENT_KINDS: ReadonlySet<string> = new Set(['DataVolume', 'PersistentVolumeClaim']);

export function DvDetailView({ site, namespace, name }: { site: string; namespace: string; name: string }) {
  const { t } = useTranslation('datavolumes');
  const { object: dv, notFound } = useK8sObject<DataVolume>(site, DV_GVR, namespace, name);
  const { object: pvc } = useK8sObject<PersistentVolumeClaim>(
    site,
    PVC_GVR,
    namespace,
    dv?.status?.claimName ?? name,
  );
  const vms = useK8sList<VirtualMachine>(site, VM_GVR, { namespace });
  const back = (
    <Link
      href={routes.dataVolumes()}
      className="text-[13px] text-blue-700 hover:underline dark:text-blue-400"
    >
      ← {t('details.back')}
    </Link>
  );
  if (notFound) {
    return (
      <div className="px-5 pt-4">
        {back}
        <EmptyState
          icon={<IconDisk width={24} height={24} />}
          title={t('details.notFound', { site, name })}
        />
      </div>
    );
  }
  if (!dv) return <p className="px-5 pt-4 text-sm text-slate-500">{t('common:state.loading')}</p>;
  const f = dvFacts(dv, pvc);
  const vm = dvConsumer(dv, dvConsumers(vms.items.values()));
  const p = presentDvPhase(f.phase);
  return (
    <div className="flex flex-col gap-4 overflow-auto px-5 pt-4 pb-6">
      {back}
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-lg font-semibold text-slate-900 dark:text-slate-50" translate="no">
          {name}
        </h1>
        <DvPhaseBadge phase={f.phase} />
        <div className="w-64">
          <DvProgress progress={f.progress} text={f.progressText} done={f.phase === 'Succeeded'} />
        </div>
      </div>
      <p className="text-[13px] text-slate-600 dark:text-slate-300" data-testid="dv-phase-explanation">
        {t(p.explanationKey)}
      </p>
      {f.lastError && (
        <p
          role="alert"
          data-testid="dv-last-error"
          className="rounded-md bg-amber-50 px-3 py-2 text-[13px] text-amber-900 ring-1 ring-amber-600/20 ring-inset dark:bg-amber-500/10 dark:text-amber-200"
        >
          {t('columns.restarts')}: {f.restarts} · {t('restarts.lastError', { message: f.lastError })}
        </p>
      )}
      <div className="grid gap-4 lg:grid-cols-2">
        <Section title={t('details.source')} testId="dv-source">
          <dl>
            <Field label={t('common:noun.site')}>{site}</Field>
            <Field label={t('common:noun.namespace')}>{namespace}</Field>
            <Field label={t('common:noun.type')}>{t(`source.${f.source}`)}</Field>
            {f.sourceDetail && (
              <Field label={t('details.source')}>
                <span className="font-mono text-xs break-all" translate="no">
                  {f.sourceDetail}
                </span>
              </Field>
            )}
            <Field label={t('columns.vm')}>
              {vm ? (
                <Link
                  href={routes.vmDetails(site, namespace, vm)}
                  className="text-blue-700 hover:underline dark:text-blue-400"
                >
                  {vm}
                </Link>
              ) : (
                <span className="text-slate-500">{t('notUsed')}</span>
              )}
            </Field>
            <Field label={t('common:noun.created')}>
              {dv.metadata.creationTimestamp ? <RelativeTime at={dv.metadata.creationTimestamp} /> : <Dash />}
            </Field>
          </dl>
        </Section>
        <Section title={t('details.target')} testId="dv-target">
          <dl>
            <Field label={t('common:noun.size')}>{f.size ?? <Dash />}</Field>
            <Field label={t('columns.storage')}>{f.storageClass ?? <Dash />}</Field>
            <Field label={t('columns.modes')}>
              {f.accessModes.join(', ') || <Dash />} / {f.volumeMode ?? <Dash />}
            </Field>
            <Field label={t('columns.pvc')}>
              {f.boundPvc ??
                (pvc ? (
                  t('details.pvcPending', { name: pvc.metadata.name, phase: f.pvcPhase ?? '' })
                ) : (
                  <Dash />
                ))}
            </Field>
            <Field label={t('columns.restarts')}>{f.restarts}</Field>
          </dl>
        </Section>
      </div>
      <Section title={t('vm-details:overview.conditions')}>
        {dv.status?.conditions?.length ? (
          <ConditionsTable conditions={dv.status.conditions.map((c) => ({ ...c, source: 'vm' as const }))} />
        ) : (
          <p className="text-[13px] text-slate-500">{t('details.noConditions')}</p>
        )}
      </Section>
      <EventsTab
        site={site}
        namespace={namespace}
        name={name}
        kinds={DV_EVENT_KINDS}
        emptyText={t('details.noEvents')}
      />
    </div>
  );
}
