'use client';
/** One node of the fleet table: state, capacity against what its VMs request, devices, actions. */
import Link from 'next/link';
import { useTranslation } from 'react-i18next';
import { Button } from '@/components/ui/button';
import { formatBytes } from '@/lib/k8s/quantity';
import type { KubeNode } from '@/lib/k8s/resources/node';
import type { VirtualMachineInstance } from '@/lib/k8s/resources/virtual-machine-instance';
import { allocatable, requestedOn, vmiOccupiesNode } from '@/lib/nodes/capacity';
import { deviceResources, kubevirtLabels, nodeReadiness, nodeRoles } from '@/lib/nodes/node-facts';
import { routes } from '@/lib/routes';

export interface NodeRowProps {
  site: string;
  node: KubeNode;
  vmis: readonly VirtualMachineInstance[];
  singleNode: boolean;
  busy: boolean;
  onCordon: (cordoned: boolean) => void;
  onDrain: () => void;
}

const cell = 'px-2 py-1.5 align-top';

function Usage({ used, total, format }: { used: number; total: number; format: (n: number) => string }) {
  const pct = total > 0 ? Math.min(100, Math.round((used / total) * 100)) : 0;
  return (
    <div className="min-w-28">
      <div className="tabular-nums">{format(used)} / {format(total)}</div>
      <div className="mt-0.5 h-1 rounded bg-slate-200 dark:bg-slate-700"><div className={`h-1 rounded ${pct > 90 ? 'bg-red-500' : 'bg-blue-500'}`} style={{ width: `${pct}%` }} /></div>
    </div>
  );
}

export function NodeRow({ site, node, vmis, singleNode, busy, onCordon, onDrain }: NodeRowProps) {
  const { t } = useTranslation('nodes');
  const name = node.metadata.name ?? '';
  const ready = nodeReadiness(node);
  const cordoned = !!node.spec?.unschedulable;
  const alloc = allocatable(node);
  const used = requestedOn(name, vmis);
  const count = vmis.filter((v) => vmiOccupiesNode(v, name)).length;
  const roles = nodeRoles(node);
  const taints = node.spec?.taints ?? [];
  return (
    <tr data-testid={`node-row-${site}-${name}`} className="border-b border-slate-100 dark:border-slate-800">
      <td className={cell}>{site}{singleNode && <div className="text-xs text-amber-700 dark:text-amber-400">{t('singleNode')}</div>}</td>
      <td className={`${cell} font-medium`} title={kubevirtLabels(node).map(([k, v]) => `${k}=${v}`).join('\n')}>{name}</td>
      <td className={cell}>
        <span className={ready.state === 'Ready' ? 'text-emerald-700 dark:text-emerald-400' : 'text-red-700 dark:text-red-400'}>{t(`ready.${ready.state}`)}</span>
        {ready.reason && <div className="text-xs text-slate-500" title={ready.message}>{ready.reason}</div>}
      </td>
      <td className={cell}>{roles.length ? roles.join(', ') : <span className="text-slate-400">{t('noRoles')}</span>}</td>
      <td className={cell}>
        <span className={cordoned ? 'font-medium text-amber-700 dark:text-amber-400' : ''}>{t(cordoned ? 'cordoned' : 'schedulable')}</span>
      </td>
      <td className={`${cell} text-xs`}>{taints.length ? taints.map((x) => <div key={`${x.key}:${x.effect}`}>{x.key}{x.value ? `=${x.value}` : ''}:{x.effect}</div>) : <span className="text-slate-400">{t('noTaints')}</span>}</td>
      <td className={cell}><Usage used={used.cpu} total={alloc.cpu} format={(n) => n.toFixed(1)} /></td>
      <td className={cell}><Usage used={used.memory} total={alloc.memory} format={formatBytes} /></td>
      <td className={`${cell} text-xs`}>{deviceResources(node).map(([k, v]) => <div key={k}>{k}: {v}</div>)}</td>
      <td className={cell}><Link className="text-blue-700 underline dark:text-blue-400" href={routes.vmsOnNode(site, name)}>{t('vmCount', { count })}</Link></td>
      <td className={`${cell} whitespace-nowrap`}>
        <Button disabled={busy} onClick={() => onCordon(!cordoned)}>{t(cordoned ? 'uncordon' : 'cordon')}</Button>{' '}
        <Button variant="danger" disabled={busy} onClick={onDrain}>{t('drain')}</Button>
      </td>
    </tr>
  );
}
