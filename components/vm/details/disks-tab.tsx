'use client';
import { useTranslation } from 'react-i18next';
import { useK8sObject } from '@/lib/k8s/hooks/use-k8s-list';
import { DV_GVR, dvProgress, type DataVolume } from '@/lib/k8s/resources/datavolume';
import { PVC_GVR, type PersistentVolumeClaim } from '@/lib/k8s/resources/persistent-volume-claim';
import type { VirtualMachine } from '@/lib/k8s/resources/virtual-machine';
import type { Volume } from '@/lib/k8s/resources/virtual-machine-instance';
import { Dash, Section, Table, TD } from './detail-parts';

const SOURCE_KINDS = [
  'containerDisk',
  'persistentVolumeClaim',
  'dataVolume',
  'cloudInitNoCloud',
  'cloudInitConfigDrive',
  'emptyDisk',
  'ephemeral',
  'secret',
  'configMap',
  'serviceAccount',
  'hostDisk',
];

function sourceKind(v: Volume): string {
  return SOURCE_KINDS.find((k) => v[k] !== undefined) ?? Object.keys(v).find((k) => k !== 'name') ?? '';
}

function PvcCells({ site, namespace, claim }: { site: string; namespace: string; claim: string }) {
  const { t } = useTranslation('vm-details');
  const { object: pvc, notFound } = useK8sObject<PersistentVolumeClaim>(site, PVC_GVR, namespace, claim);
  if (notFound)
    return (
      <span className="font-medium text-red-700 dark:text-red-400">
        {t('disks.pvcMissing', { name: claim })}
      </span>
    );
  if (!pvc) return <Dash />;
  return (
    <span>
      {t('disks.pvc', { name: claim })} · <span data-testid="pvc-phase">{pvc.status?.phase ?? '—'}</span>
      {pvc.status?.capacity?.storage && ` · ${pvc.status.capacity.storage}`}
      {pvc.spec.storageClassName && (
        <span className="text-xs text-slate-500"> · {pvc.spec.storageClassName}</span>
      )}
    </span>
  );
}

function DataVolumeCells({ site, namespace, name }: { site: string; namespace: string; name: string }) {
  const { t } = useTranslation('vm-details');
  const { object: dv, notFound } = useK8sObject<DataVolume>(site, DV_GVR, namespace, name);
  if (notFound) return <PvcCells site={site} namespace={namespace} claim={name} />;
  if (!dv) return <Dash />;
  const p = dvProgress(dv);
  const phase = dv.status?.phase || t('common:state.pending');
  return (
    <div>
      <span>
        {t('disks.dv', { name })} · <span data-testid="dv-phase">{phase}</span>
      </span>
      {p !== undefined && p < 1 && (
        <div className="mt-1 flex items-center gap-2">
          <div className="h-1.5 w-40 overflow-hidden rounded bg-slate-200 dark:bg-slate-700">
            <div className="h-full bg-blue-600" style={{ width: `${Math.round(p * 100)}%` }} />
          </div>
          <span className="text-xs text-slate-500">{dv.status?.progress}</span>
        </div>
      )}
      {dv.status?.conditions
        ?.filter((c) => c.status === 'False' && c.message && c.type !== 'Ready')
        .map((c) => (
          <p key={c.type} className="text-xs text-slate-500">
            {c.type}: {c.message}
          </p>
        ))}
    </div>
  );
}

function Backing({ site, namespace, volume }: { site: string; namespace: string; volume: Volume }) {
  if (volume.dataVolume)
    return <DataVolumeCells site={site} namespace={namespace} name={volume.dataVolume.name} />;
  if (volume.persistentVolumeClaim)
    return <PvcCells site={site} namespace={namespace} claim={volume.persistentVolumeClaim.claimName} />;
  if (volume.containerDisk) return <span className="font-mono text-xs">{volume.containerDisk.image}</span>;
  if (volume.emptyDisk) return <span>{volume.emptyDisk.capacity}</span>;
  return <Dash />;
}

/** Disks with their volumes; DataVolumes and PVCs are watched for phase and progress. */
export function DisksTab({ site, vm }: { site: string; vm: VirtualMachine }) {
  const { t } = useTranslation('vm-details');
  const namespace = vm.metadata.namespace ?? '';
  const disks = vm.spec.template.spec.domain.devices.disks ?? [];
  const volumes = vm.spec.template.spec.volumes ?? [];
  return (
    <Section title={t('disks.title')} testId="disks">
      {volumes.length === 0 ? (
        <p className="text-[13px] text-slate-500">{t('disks.none')}</p>
      ) : (
        <Table head={[t('common:noun.name'), t('disks.bus'), t('disks.source'), t('disks.backing')]}>
          {volumes.map((v) => {
            const disk = disks.find((d) => d.name === v.name);
            const bus = disk?.disk?.bus ?? disk?.cdrom?.bus ?? disk?.lun?.bus;
            return (
              <tr key={v.name} data-volume={v.name} translate="no">
                <td className={`${TD} font-medium`}>{v.name}</td>
                <td className={TD}>
                  {disk ? (
                    `${disk.cdrom ? 'cdrom' : disk.lun ? 'lun' : 'disk'}${bus ? ` / ${bus}` : ''}`
                  ) : (
                    <Dash />
                  )}
                </td>
                <td className={TD}>{sourceKind(v)}</td>
                <td className={TD} translate="yes">
                  <Backing site={site} namespace={namespace} volume={v} />
                </td>
              </tr>
            );
          })}
        </Table>
      )}
    </Section>
  );
}
