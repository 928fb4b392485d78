'use client';
import { useTranslation } from 'react-i18next';
import { MigrationBadge } from '@/components/network/migration-badge';
import { RestartRequired } from '@/components/network/restart-required';
import { useK8sList } from '@/lib/k8s/hooks/use-k8s-list';
import { POD_GVR, type KubePod } from '@/lib/k8s/resources/pod';
import type { VirtualMachine } from '@/lib/k8s/resources/virtual-machine';
import type { Interface, VirtualMachineInstance } from '@/lib/k8s/resources/virtual-machine-instance';
import { podNetworkStatus, statusForNetwork } from '@/lib/network/network-status';
import { Dash, Section, Table, TD } from './detail-parts';

function bindingOf(i: Interface): string {
  if (i.masquerade) return 'masquerade';
  if (i.bridge) return 'bridge';
  if (i.sriov) return 'sriov';
  if (i.passtBinding) return 'passt';
  if (i.binding) return i.binding.name;
  return '—';
}

/** The VMI's running launcher pod (its Multus network-status), watched by the VMI's uid. */
function useLauncherPod(site: string, vmi: VirtualMachineInstance | undefined): KubePod | undefined {
  const snap = useK8sList<KubePod>(site, POD_GVR, {
    namespace: vmi?.metadata.namespace ?? '',
    labelSelector: `kubevirt.io/created-by=${vmi?.metadata.uid ?? 'none'}`,
  });
  const pods = [...snap.items.values()];
  return pods.find((p) => p.status?.phase === 'Running') ?? pods[0];
}

/**
 * Interfaces from the spec joined with what the VMI reports (MAC, IPs, link state) and what
 * Multus wrote on the launcher pod (attachment, pod-side interface, IPs); the VMI's
 * LiveMigratable condition said as the create form's badge says it.
 */
export function NetworkTab({
  site,
  vm,
  vmi,
}: {
  site: string;
  vm: VirtualMachine;
  vmi: VirtualMachineInstance | undefined;
}) {
  const { t } = useTranslation('vm-details');
  const ifaces = vm.spec.template.spec.domain.devices.interfaces ?? [];
  const nets = vm.spec.template.spec.networks ?? [];
  const statuses = vmi?.status?.interfaces ?? [];
  const multus = podNetworkStatus(useLauncherPod(site, vmi));
  const lm = vmi?.status?.conditions?.find((c) => c.type === 'LiveMigratable');
  return (
    <Section title={t('common:noun.interfaces')} testId="network">
      <RestartRequired site={site} vm={vm} vmi={vmi} />
      {lm && (
        <div className="mb-2" data-testid="vmi-live-migratable">
          <MigrationBadge block={lm.status === 'True' ? undefined : (lm.message ?? lm.reason ?? '')} />
        </div>
      )}
      {ifaces.length === 0 ? (
        <p className="text-[13px] text-slate-500">{t('network.default')}</p>
      ) : (
        <Table
          head={[
            t('common:noun.name'),
            t('common:noun.network'),
            t('common:noun.binding'),
            t('network.mac'),
            t('common:noun.ips'),
            t('network.podInterface'),
            t('network.link'),
          ]}
        >
          {ifaces.map((i) => {
            const net = nets.find((n) => n.name === i.name);
            const st = statuses.find((s) => s.name === i.name);
            const ms = statusForNetwork(multus, net, vm.metadata.namespace ?? 'default');
            const ips = [st?.ipAddress, ...(st?.ipAddresses ?? []), ...(ms?.ips ?? [])].filter(
              (x, k, all): x is string => !!x && all.indexOf(x) === k,
            );
            return (
              <tr key={i.name} data-interface={i.name} translate="no">
                <td className={`${TD} font-medium`}>{i.name}</td>
                <td className={TD} translate="yes">
                  {net?.pod ? (
                    t('common:noun.podNetwork')
                  ) : net?.multus ? (
                    t('network.multus', { name: net.multus.networkName })
                  ) : (
                    <Dash />
                  )}
                </td>
                <td className={TD}>{bindingOf(i)}</td>
                <td className={`${TD} font-mono text-xs`}>
                  {st?.mac ?? ms?.mac ?? i.macAddress ?? <Dash />}
                </td>
                <td className={`${TD} font-mono text-xs`} data-testid={`ips-${i.name}`}>
                  {ips.length ? ips.join(', ') : <Dash />}
                </td>
                <td className={`${TD} font-mono text-xs`}>
                  {ms?.interface ?? st?.podInterfaceName ?? <Dash />}
                </td>
                <td className={TD}>{st?.linkState ?? <Dash />}</td>
              </tr>
            );
          })}
        </Table>
      )}
    </Section>
  );
}
