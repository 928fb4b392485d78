'use client';
/**
 * Start a live migration: pick a running VM of a site, read the pre-flight lines (each passes or
 * fails with its reason), Start stays off while one fails. Sent through the VM action path.
 */
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { IconCheck, IconX } from '@/components/ui/icons';
import { useK8sList } from '@/lib/k8s/hooks/use-k8s-list';
import {
  NAD_GVR,
  type NetworkAttachmentDefinition,
} from '@/lib/k8s/resources/network-attachment-definition';
import { NODE_GVR, type KubeNode } from '@/lib/k8s/resources/node';
import { POD_GVR, type KubePod } from '@/lib/k8s/resources/pod';
import { PVC_GVR, type PersistentVolumeClaim } from '@/lib/k8s/resources/persistent-volume-claim';
import { VMI_GVR, type VirtualMachineInstance } from '@/lib/k8s/resources/virtual-machine-instance';
import { preflight } from '@/lib/migration/preflight';
import { sendAction } from '@/lib/vm/send-action';

const SELECT =
  'mt-1 block h-7 w-full rounded-md border border-slate-300 bg-white px-2 text-[13px] dark:border-slate-700 dark:bg-slate-900';

/** The checks of one VMI, live (its PVCs and the site's nodes are watched while shown). */
function Checks({
  site,
  vmi,
  inFlight,
  onPass,
}: {
  site: string;
  vmi: VirtualMachineInstance;
  inFlight?: string;
  onPass: (ok: boolean) => void;
}) {
  const { t } = useTranslation('migrations');
  const pvcs = useK8sList<PersistentVolumeClaim>(site, PVC_GVR, { namespace: vmi.metadata.namespace });
  const nodes = useK8sList<KubeNode>(site, NODE_GVR);
  // A site without Multus serves no NADs (an error here): then it has none to offer.
  const nads = useK8sList<NetworkAttachmentDefinition>(site, NAD_GVR);
  const pods = useK8sList<KubePod>(site, POD_GVR);
  const ready = pvcs.listed && nodes.listed && (nads.listed || nads.error) && (pods.listed || pods.error);
  const lines = useMemo(
    () =>
      ready
        ? preflight(vmi, pvcs.items, [...nodes.items.values()], inFlight, {
            nads: [...nads.items.values()],
            pods: [...pods.items.values()],
          })
        : null,
    [ready, vmi, pvcs, nodes, nads, pods, inFlight],
  );
  const ok = lines !== null && lines.every((l) => l.ok);
  useEffect(() => onPass(ok), [ok, onPass]);
  if (!lines)
    return <p role="status">{nodes.error?.message ?? pvcs.error?.message ?? t('dialog.checking')}</p>;
  return (
    <ul className="mt-1 space-y-1.5" data-testid="preflight" data-ok={lines.every((l) => l.ok)}>
      {lines.map((l) => (
        <li
          key={l.key}
          className="flex gap-2"
          data-testid={`preflight-${l.key}`}
          data-ok={l.ok}
          data-warn={l.warn ? 'true' : undefined}
        >
          {l.ok ? (
            <IconCheck
              className={`mt-0.5 shrink-0 ${l.warn ? 'text-amber-600' : 'text-emerald-600'}`}
              width={14}
              height={14}
            />
          ) : (
            <IconX className="mt-0.5 shrink-0 text-red-600" width={14} height={14} />
          )}
          <span>
            <span className="font-medium text-slate-800 dark:text-slate-200">
              {t(`dialog.line.${l.key}`)}
            </span>{' '}
            — {t(`preflight.${l.reason}`, l.values)}
          </span>
        </li>
      ))}
    </ul>
  );
}

export interface StartMigrationDialogProps {
  sites: string[];
  initialSite?: string;
  /** The unfinished VMIM of a VMI (`site/namespace/vmi`), if any. */
  activeFor: (key: string) => string | undefined;
  onClose: () => void;
}

export function StartMigrationDialog({ sites, initialSite, activeFor, onClose }: StartMigrationDialogProps) {
  const { t } = useTranslation('migrations');
  const [site, setSite] = useState(initialSite ?? sites[0] ?? '');
  const [picked, setPicked] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const vmis = useK8sList<VirtualMachineInstance>(site, VMI_GVR);
  const running = useMemo(
    () =>
      [...vmis.items.entries()]
        .filter(([, v]) => v.status?.phase === 'Running')
        .sort(([a], [b]) => a.localeCompare(b)),
    [vmis.items],
  );
  const vmi = vmis.items.get(picked);
  const [passed, setPassed] = useState(false);
  const allPass = Boolean(vmi) && passed;

  const start = async () => {
    if (!vmi) return;
    setBusy(true);
    setError(null);
    try {
      await sendAction(site, 'migrate', vmi.metadata.namespace ?? '', vmi.metadata.name ?? '');
      onClose();
    } catch (err) {
      setError(t('dialog.failed', { message: err instanceof Error ? err.message : String(err) }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <ConfirmDialog
      open
      title={t('dialog.title')}
      confirmLabel={t('start')}
      confirmDisabled={!allPass || busy}
      onConfirm={() => void start()}
      onCancel={onClose}
    >
      <div className="space-y-3" data-testid="start-migration">
        <label className="block">
          {t('common:noun.site')}
          <select
            className={SELECT}
            data-testid="start-site"
            value={site}
            onChange={(e) => {
              setSite(e.target.value);
              setPicked('');
            }}
          >
            {sites.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
        <label className="block">
          {t('dialog.vm')}
          <select
            className={SELECT}
            data-testid="start-vm"
            value={picked}
            onChange={(e) => setPicked(e.target.value)}
          >
            <option value="">{t('dialog.pick')}</option>
            {running.map(([key, v]) => (
              <option key={key} value={key}>
                {key} ({v.status?.nodeName})
              </option>
            ))}
          </select>
        </label>
        {vmi && (
          <div>
            <div className="text-xs font-medium text-slate-500">{t('dialog.checks')}</div>
            <Checks site={site} vmi={vmi} inFlight={activeFor(`${site}/${picked}`)} onPass={setPassed} />
          </div>
        )}
        {error && (
          <p role="alert" className="text-red-700 dark:text-red-400" data-testid="start-error">
            {error}
          </p>
        )}
      </div>
    </ConfirmDialog>
  );
}
