'use client';
/**
 * Drain with a preview: what will happen to every VM on the node (lib/nodes/drain-preview),
 * then the drain itself (cordon + evictions with retries, lib/nodes/drain-run) VM by VM from
 * the live VMIs, and uncordon once the node is empty.
 */
import Link from 'next/link';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '@/components/ui/button';
import { listObjects } from '@/lib/k8s/client';
import { formatBytes } from '@/lib/k8s/quantity';
import { KUBEVIRT_GVR, type KubeVirtCr } from '@/lib/k8s/resources/kubevirt-cr';
import { PDB_GVR, type PodDisruptionBudget } from '@/lib/k8s/resources/pod-disruption-budget';
import { LAUNCHER_SELECTOR, POD_GVR, type KubePod } from '@/lib/k8s/resources/pod';
import type { VirtualMachineInstance } from '@/lib/k8s/resources/virtual-machine-instance';
import { drainPreview, type DrainPreview, type DrainRow } from '@/lib/nodes/drain-preview';
import { drainNode, setCordoned, type EvictionAttempt } from '@/lib/nodes/drain-run';
import { routes } from '@/lib/routes';
import type { SiteNodes } from './use-fleet-nodes';
import { FateText } from './fate-text';

interface Extra {
  pdbs: PodDisruptionBudget[];
  pods: KubePod[];
  kubevirt?: KubeVirtCr;
}

type Phase = 'preview' | 'running' | 'done' | 'failed';

function useExtra(site: string, node: string): { extra?: Extra; error?: string } {
  const [state, setState] = useState<{ extra?: Extra; error?: string }>({});
  useEffect(() => {
    const ac = new AbortController();
    Promise.all([
      listObjects<PodDisruptionBudget>(site, PDB_GVR, { signal: ac.signal }),
      listObjects<KubePod>(site, POD_GVR, { labelSelector: LAUNCHER_SELECTOR, fieldSelector: `spec.nodeName=${node}`, signal: ac.signal }),
      listObjects<KubeVirtCr>(site, KUBEVIRT_GVR, { signal: ac.signal }),
    ]).then(([pdbs, pods, kv]) => setState({ extra: { pdbs: pdbs.items, pods: pods.items, kubevirt: kv.items[0] } }), (err: Error) => !ac.signal.aborted && setState({ error: err.message }));
    return () => ac.abort();
  }, [site, node]);
  return state;
}

function Outcome({ row, uid, vmi, node, attempt }: { row: DrainRow; uid?: string; vmi?: VirtualMachineInstance; node: string; attempt?: EvictionAttempt }) {
  const { t } = useTranslation('nodes');
  const final = !vmi || vmi.status?.phase === 'Succeeded' || vmi.status?.phase === 'Failed';
  const where = vmi?.status?.nodeName;
  let text: string;
  if (final) text = t('outcome.stopped');
  else if (vmi.metadata.uid === uid && where && where !== node) text = t('outcome.migrated', { node: where });
  else if (vmi.metadata.uid !== uid && where && where !== node && vmi.status?.phase === 'Running') text = t('outcome.restarted', { node: where });
  else if (vmi.metadata.uid !== uid) text = t('outcome.restarting');
  else if (attempt?.result === 'refused') text = t('outcome.refused', { count: attempt.attempts, message: attempt.message });
  else text = t('outcome.waiting');
  return <span data-testid={`outcome-${row.namespace}-${row.name}`}>{text}</span>;
}

export function DrainDialog({ site, node, data, onClose }: { site: string; node: string; data: SiteNodes; onClose: () => void }) {
  const { t } = useTranslation('nodes');
  const ref = useRef<HTMLDialogElement>(null);
  const { extra, error: loadError } = useExtra(site, node);
  const [phase, setPhase] = useState<Phase>('preview');
  const [error, setError] = useState<string>();
  const [frozen, setFrozen] = useState<{ preview: DrainPreview; uids: Map<string, string> }>();
  const [attempts, setAttempts] = useState<Map<string, EvictionAttempt>>(new Map());
  const abort = useRef<AbortController>(undefined);
  const vmis = useMemo(() => [...data.vmis.items.values()], [data.vmis.items]);
  const live = useMemo(() => extra && drainPreview({ node, nodes: [...data.nodes.items.values()], vmis, vms: [...data.vms.items.values()], ...extra }), [extra, node, data.nodes.items, vmis, data.vms.items]);
  const preview = frozen?.preview ?? live;
  useEffect(() => {
    ref.current?.showModal();
    return () => abort.current?.abort();
  }, []);

  const start = () => {
    if (!live) return;
    setFrozen({ preview: live, uids: new Map(vmis.map((v) => [`${v.metadata.namespace}/${v.metadata.name}`, v.metadata.uid ?? ''])) });
    setPhase('running');
    setError(undefined);
    abort.current = new AbortController();
    drainNode(site, node, { signal: abort.current.signal, onAttempt: (a) => setAttempts((m) => new Map(m).set(`${a.namespace}/${a.vmi}`, a)) })
      .then(() => setPhase('done'), (err: Error) => {
        if (abort.current?.signal.aborted) return;
        setError(err.message);
        setPhase('failed');
      });
  };
  const stop = () => {
    abort.current?.abort();
    setPhase('preview');
  };
  const uncordon = () => setCordoned(site, node, false).then(onClose, (err: Error) => setError(err.message));
  const close = () => {
    abort.current?.abort();
    onClose();
  };
  const byKey = new Map(vmis.map((v) => [`${v.metadata.namespace}/${v.metadata.name}`, v]));

  return (
    <dialog ref={ref} onCancel={(e) => { e.preventDefault(); close(); }} aria-labelledby="drain-title" data-testid="drain-dialog"
      className="m-auto w-[52rem] max-w-[calc(100vw-2rem)] rounded-lg bg-white p-0 text-slate-900 shadow-2xl ring-1 ring-slate-900/10 backdrop:bg-slate-950/50 dark:bg-slate-900 dark:text-slate-100 dark:ring-slate-700">
      <div className="px-5 pt-4 pb-3 text-[13px]">
        <h2 id="drain-title" className="text-sm font-semibold">{t('dialog.title', { node, site })}</h2>
        {loadError && <p role="alert" className="mt-2 text-red-700 dark:text-red-400">{loadError}</p>}
        {!preview && !loadError && <p className="mt-2 text-slate-500">{t('dialog.loading')}</p>}
        {preview && (
          <>
            {preview.singleNode && (
              <p data-testid="single-node-warning" className="mt-2 rounded bg-red-50 px-3 py-2 font-semibold text-red-800 dark:bg-red-950 dark:text-red-300">
                {t('dialog.singleNode', { count: preview.stopping })}
              </p>
            )}
            <p data-testid="drain-summary" className="mt-2 text-slate-600 dark:text-slate-400">
              {t('dialog.summary', { migrating: preview.migrating, stopping: preview.stopping, blocking: preview.blocking, bytes: formatBytes(preview.bytesToMove) })}
            </p>
            {preview.rows.length === 0 ? <p className="mt-2">{t('dialog.empty')}</p> : (
              <table className="mt-3 w-full text-left">
                <thead className="text-xs text-slate-500"><tr>
                  <th className="py-1">{t('common:noun.name')}</th><th>{t('dialog.strategy')}</th><th>{t('dialog.fate')}</th>{frozen && <th>{t('dialog.now')}</th>}
                </tr></thead>
                <tbody>
                  {preview.rows.map((r) => (
                    <tr key={`${r.namespace}/${r.name}`} data-testid={`fate-row-${r.namespace}-${r.name}`} className="border-t border-slate-100 dark:border-slate-800">
                      <td className="py-1 pr-2"><Link className="underline" href={routes.vmDetails(site, r.namespace, r.name)}>{r.namespace}/{r.name}</Link></td>
                      <td className="pr-2 text-xs">{r.strategy}{r.runStrategy ? ` · ${r.runStrategy}` : ''}</td>
                      <td className="pr-2" data-testid={`fate-${r.namespace}-${r.name}`}><FateText fate={r.fate} /></td>
                      {frozen && <td><Outcome row={r} node={node} uid={frozen.uids.get(`${r.namespace}/${r.name}`)} vmi={byKey.get(`${r.namespace}/${r.name}`)} attempt={attempts.get(`${r.namespace}/${r.name}`)} /></td>}
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </>
        )}
        {phase !== 'preview' && <p className="mt-3"><Link className="text-blue-700 underline dark:text-blue-400" href={routes.migrations(node)}>{t('dialog.migrationsLink')}</Link></p>}
        {phase === 'running' && <p data-testid="drain-running" className="mt-2 text-slate-600">{t('dialog.running')}</p>}
        {phase === 'done' && <p data-testid="drain-done" className="mt-2 font-medium text-emerald-700 dark:text-emerald-400">{t('dialog.done', { node })}</p>}
        {error && <p role="alert" data-testid="drain-error" className="mt-2 text-red-700 dark:text-red-400">{error}</p>}
      </div>
      <div className="flex justify-end gap-2 border-t border-slate-200 bg-slate-50 px-5 py-3 dark:border-slate-800 dark:bg-slate-950/40">
        <Button onClick={close}>{t('common:actions.close')}</Button>
        {phase === 'running' && <Button onClick={stop}>{t('dialog.stop')}</Button>}
        {(phase === 'preview' || phase === 'failed') && <Button variant="danger" disabled={!live} onClick={start}>{t('dialog.confirm', { node })}</Button>}
        {phase === 'done' && <Button variant="primary" onClick={uncordon}>{t('uncordon')}</Button>}
      </div>
    </dialog>
  );
}
