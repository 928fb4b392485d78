'use client';
import { useTranslation } from 'react-i18next';
import { RelativeTime } from '@/components/ui/relative-time';
import { useK8sList, useK8sObject } from '@/lib/k8s/hooks/use-k8s-list';
import { VMI_GVR, type VirtualMachineInstance } from '@/lib/k8s/resources/virtual-machine-instance';
import { VMIM_GVR, vmimSelectorFor, type VirtualMachineInstanceMigration } from '@/lib/k8s/resources/vmim';
import { migrationRow } from '@/lib/migration/rows';
import { Dash, Section, Table, TD } from './detail-parts';

/**
 * This VM's migrations (VMIMs labelled `kubevirt.io/vmi-name=<name>`), newest first, live. The
 * one in flight reads its nodes from the VMI: the VMIM gets migrationState only once final.
 */
export function MigrationsTab({ site, namespace, name }: { site: string; namespace: string; name: string }) {
  const { t } = useTranslation('vm-details');
  const snap = useK8sList<VirtualMachineInstanceMigration>(site, VMIM_GVR, {
    namespace,
    labelSelector: vmimSelectorFor(name),
  });
  const { object: vmi } = useK8sObject<VirtualMachineInstance>(site, VMI_GVR, namespace, name);
  const items = [...snap.items.values()].sort((a, b) =>
    (b.metadata.creationTimestamp ?? '').localeCompare(a.metadata.creationTimestamp ?? ''),
  );
  return (
    <Section title={t('common:noun.migrations')} testId="migrations">
      {!snap.listed ? (
        <p className="text-[13px] text-slate-500">{t('common:state.loading')}</p>
      ) : items.length === 0 ? (
        <p className="text-[13px] text-slate-500">{t('migrations.none')}</p>
      ) : (
        <Table
          head={[
            t('common:noun.name'),
            t('migrations.phase'),
            t('migrations.from'),
            t('migrations.to'),
            t('common:noun.created'),
            t('migrations.failure'),
          ]}
        >
          {items.map((m) => {
            const row = migrationRow(site, m, vmi);
            return (
              <tr key={m.metadata.name} translate="no">
                <td className={`${TD} font-mono text-xs`}>{m.metadata.name}</td>
                <td className={TD}>{m.status?.phase || t('common:state.pending')}</td>
                <td className={TD}>{row.source ?? <Dash />}</td>
                <td className={TD}>{row.target ?? <Dash />}</td>
                <td className={TD}>
                  {m.metadata.creationTimestamp ? (
                    <RelativeTime at={m.metadata.creationTimestamp} />
                  ) : (
                    <Dash />
                  )}
                </td>
                <td className={TD}>{row.failure ?? <Dash />}</td>
              </tr>
            );
          })}
        </Table>
      )}
    </Section>
  );
}
