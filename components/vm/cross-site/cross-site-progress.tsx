'use client';
/**
 * Progress of a cross-site migration from both ends: the receive VMIM on the target and the
 * sendTo VMIM on the source, live, each with its phase; the source's memory transfer through the
 * migrations dashboard's progress cell (virt-handler's series of the source node).
 */
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { MigrationProgressCell } from '@/components/migrations/migration-progress-cell';
import { nodeKey, useMigrationProgress } from '@/components/migrations/use-migration-progress';
import { useK8sObject } from '@/lib/k8s/hooks/use-k8s-list';
import { VMI_GVR, type VirtualMachineInstance } from '@/lib/k8s/resources/virtual-machine-instance';
import { VMIM_GVR, type VirtualMachineInstanceMigration } from '@/lib/k8s/resources/vmim';
import type { CrossSiteRef } from '@/lib/migration/cross-site-run';
import { migrationRow } from '@/lib/migration/rows';

function End({ label, at, vmName }: { label: string; at: CrossSiteRef; vmName: string }) {
  const { t } = useTranslation('cross-site');
  const { object: m } = useK8sObject<VirtualMachineInstanceMigration>(
    at.site,
    VMIM_GVR,
    at.namespace,
    at.name,
  );
  const { object: vmi } = useK8sObject<VirtualMachineInstance>(at.site, VMI_GVR, at.namespace, vmName);
  const rows = useMemo(() => (m ? [migrationRow(at.site, m, vmi)] : []), [m, vmi, at.site]);
  const progress = useMigrationProgress(rows);
  const row = rows[0];
  return (
    <div
      className="rounded border border-slate-200 p-2 dark:border-slate-700"
      data-testid={`xsite-end-${label}`}
    >
      <div className="flex justify-between text-xs">
        <span className="font-medium">
          {t(`end.${label}`)} · <span translate="no">{at.site}</span>
        </span>
        <span data-testid={`xsite-phase-${label}`}>{m?.status?.phase || t('common:state.pending')}</span>
      </div>
      {row && (
        <div className="mt-1">
          <MigrationProgressCell
            row={row}
            track={progress.tracks.get(row.id)}
            node={row.source ? progress.nodes.get(nodeKey(row.site, row.source)) : undefined}
            stalls={[]}
          />
        </div>
      )}
    </div>
  );
}

export function CrossSiteProgress({
  receive,
  send,
  vmName,
}: {
  receive?: CrossSiteRef;
  send?: CrossSiteRef;
  vmName: string;
}) {
  return (
    <div className="space-y-2" data-testid="xsite-progress">
      {send && <End label="source" at={send} vmName={vmName} />}
      {receive && <End label="target" at={receive} vmName={vmName} />}
    </div>
  );
}
