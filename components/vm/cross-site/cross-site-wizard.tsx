'use client';
/**
 * Live migration of a running VM to another site (upstream's decentralized live migration):
 * pick the target site and namespace, read the pre-flight for the pair of sites, then Start
 * creates the receiver VM and the receive VMIM on the target and the sendTo VMIM on the source,
 * as the signed-in user. Progress shows both ends; the end says where the VM runs, or why it
 * failed (the source keeps running, the receiver is deleted).
 */
import Link from 'next/link';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '@/components/ui/button';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import type { VirtualMachine } from '@/lib/k8s/resources/virtual-machine';
import { runCrossSite, type CrossSiteRef, type CrossSiteStep } from '@/lib/migration/cross-site-run';
import { useSites } from '@/lib/query/sites';
import { vmDetails } from '@/lib/routes';
import { CrossSiteChecks } from './cross-site-checks';
import { CrossSiteProgress } from './cross-site-progress';
import { CrossSiteSourceCopy } from './cross-site-source-copy';

const FIELD =
  'mt-1 block h-7 w-full rounded-md border border-slate-300 bg-white px-2 text-[13px] dark:border-slate-700 dark:bg-slate-900';

interface RunState {
  step: CrossSiteStep;
  receive?: CrossSiteRef;
  send?: CrossSiteRef;
  reason?: string;
  /** A site that stopped answering while the run polls it (it retries). */
  lost?: { site: string; message: string };
  cancelled?: boolean;
}

export function CrossSiteWizard({
  site,
  vm,
  onClose,
}: {
  site: string;
  vm: VirtualMachine;
  onClose: () => void;
}) {
  const { t } = useTranslation('cross-site');
  const sites = (useSites().data ?? []).map((s) => s.name).filter((s) => s !== site);
  const [target, setTarget] = useState('');
  const [namespace, setNamespace] = useState(vm.metadata.namespace ?? 'default');
  const [passed, setPassed] = useState(false);
  const [run, setRun] = useState<RunState | null>(null);
  const targetSite = target || sites[0] || '';
  const name = vm.metadata.name ?? '';
  const busy = run !== null && run.step !== 'done' && run.step !== 'failed';

  const abort = useRef<AbortController | null>(null);
  const start = async () => {
    const migrationId = crypto.randomUUID().slice(0, 8);
    const controller = new AbortController();
    abort.current = controller;
    setRun({ step: 'receiver' });
    const outcome = await runCrossSite({
      sourceSite: site,
      targetSite,
      targetNamespace: namespace,
      vm,
      migrationId,
      onStep: (step, refs) => setRun((r) => ({ ...r, ...refs, step })),
      onContact: (lost) => setRun((r) => (r ? { ...r, lost } : r)),
      signal: controller.signal,
    });
    setRun((r) => ({ ...(r ?? { step: 'failed' }), reason: outcome.reason, cancelled: outcome.cancelled }));
  };

  return (
    <ConfirmDialog
      open
      title={t('title', { name })}
      confirmLabel={run ? t('common:actions.close') : t('migrations:start')}
      confirmDisabled={run ? busy : !passed || !targetSite || !namespace}
      onConfirm={() => (run ? onClose() : void start())}
      // Closing mid-run cancels it (as the button does) rather than leave it running unseen.
      onCancel={busy ? () => abort.current?.abort() : onClose}
    >
      <div className="space-y-3" data-testid="xsite-wizard">
        <label className="block">
          {t('targetSite')}
          <select
            className={FIELD}
            data-testid="xsite-target"
            value={targetSite}
            disabled={run !== null}
            onChange={(e) => setTarget(e.target.value)}
          >
            {sites.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
        <label className="block">
          {t('targetNamespace')}
          <input
            className={FIELD}
            data-testid="xsite-namespace"
            value={namespace}
            disabled={run !== null}
            onChange={(e) => setNamespace(e.target.value.trim())}
          />
        </label>
        {!targetSite && <p role="status">{t('noOtherSite')}</p>}
        {targetSite && !run && (
          <div>
            <div className="text-xs font-medium text-slate-500">
              {t('checks', { from: site, to: targetSite })}
            </div>
            <CrossSiteChecks
              vm={vm}
              sourceSite={site}
              targetSite={targetSite}
              targetNamespace={namespace}
              onPass={setPassed}
            />
          </div>
        )}
        {run && (
          <div className="space-y-2">
            <p role="status" data-testid="xsite-step" data-step={run.step}>
              {t(`step.${run.step}`)}
            </p>
            {run.lost && busy && (
              <p className="text-amber-700 dark:text-amber-400" role="alert" data-testid="xsite-lost">
                {t('lost', run.lost)}
              </p>
            )}
            <CrossSiteProgress receive={run.receive} send={run.send} vmName={name} />
            {busy && (
              <Button
                variant="secondary"
                disabled={abort.current?.signal.aborted}
                onClick={() => {
                  abort.current?.abort();
                  setRun((r) => (r ? { ...r } : r));
                }}
                data-testid="xsite-cancel"
              >
                {t('cancelRun')}
              </Button>
            )}
            {run.step === 'done' && (
              <p className="text-emerald-700 dark:text-emerald-400" data-testid="xsite-done">
                {t('runsNow', { site: targetSite, namespace })}{' '}
                <Link className="text-blue-700 hover:underline" href={vmDetails(targetSite, namespace, name)}>
                  {t('open')}
                </Link>
              </p>
            )}
            {run.step === 'done' && (
              <CrossSiteSourceCopy site={site} namespace={vm.metadata.namespace ?? ''} name={name} />
            )}
            {run.step === 'failed' && (
              <p className="text-red-700 dark:text-red-400" data-testid="xsite-failed">
                {run.cancelled ? t('cancelled', { site }) : t('failed', { reason: run.reason ?? '', site })}
              </p>
            )}
          </div>
        )}
      </div>
    </ConfirmDialog>
  );
}
