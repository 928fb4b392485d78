'use client';
/** Every node of every site, live, with cordon/uncordon and drain (with its preview). */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { setCordoned } from '@/lib/nodes/drain-run';
import { DrainDialog } from './drain-dialog';
import { NodeRow } from './node-row';
import { useFleetNodes } from './use-fleet-nodes';

const COLUMNS = ['site', 'node', 'ready', 'roles', 'scheduling', 'taints', 'cpu', 'memory', 'devices', 'vms', 'actions'] as const;

export function NodesPage() {
  const { t } = useTranslation('nodes');
  const sites = useFleetNodes();
  const [drain, setDrain] = useState<{ site: string; node: string }>();
  const [busy, setBusy] = useState<string>();
  const [error, setError] = useState<string>();
  const cordon = (site: string, node: string, on: boolean) => {
    setBusy(`${site}/${node}`);
    setError(undefined);
    setCordoned(site, node, on).catch((err: Error) => setError(`${site}/${node}: ${err.message}`)).finally(() => setBusy(undefined));
  };
  const drainSite = drain && sites.find((s) => s.site === drain.site);
  return (
    <div className="flex-1 overflow-auto">
      <div className="border-b border-slate-200 px-5 py-3 dark:border-slate-800">
        <h1 className="text-lg font-semibold text-slate-900 dark:text-slate-50">{t('title')}</h1>
      </div>
      {error && <p role="alert" data-testid="nodes-error" className="mx-5 mt-3 text-sm text-red-700 dark:text-red-400">{error}</p>}
      <table className="m-5 text-left text-[13px]" data-testid="nodes-table">
        <thead className="text-xs font-semibold text-slate-600 dark:text-slate-300">
          <tr className="border-b border-slate-200 dark:border-slate-800">{COLUMNS.map((c) => <th key={c} className="px-2 py-1.5">{t(`columns.${c}`)}</th>)}</tr>
        </thead>
        <tbody>
          {sites.flatMap((s) => {
            const nodes = [...s.nodes.items.values()].sort((a, b) => (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''));
            const vmis = [...s.vmis.items.values()];
            if (s.nodes.error && !nodes.length) return [<tr key={s.site}><td className="px-2 py-1.5">{s.site}</td><td colSpan={COLUMNS.length - 1} className="px-2 text-red-700">{s.nodes.error.message}</td></tr>];
            return nodes.map((n) => (
              <NodeRow key={`${s.site}/${n.metadata.name}`} site={s.site} node={n} vmis={vmis} singleNode={nodes.length === 1} busy={busy === `${s.site}/${n.metadata.name}`}
                onCordon={(on) => cordon(s.site, n.metadata.name ?? '', on)} onDrain={() => setDrain({ site: s.site, node: n.metadata.name ?? '' })} />
            ));
          })}
        </tbody>
      </table>
      {drain && drainSite && <DrainDialog site={drain.site} node={drain.node} data={drainSite} onClose={() => setDrain(undefined)} />}
    </div>
  );
}
