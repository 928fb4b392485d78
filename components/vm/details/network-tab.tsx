'use client';
import { useTranslation } from 'react-i18next';
import type { VirtualMachine } from '@/lib/k8s/resources/virtual-machine';
import type { Interface, VirtualMachineInstance } from '@/lib/k8s/resources/virtual-machine-instance';
import { Dash, Section, Table, TD } from './detail-parts';

function bindingOf(i: Interface): string {
  if (i.masquerade) return 'masquerade';
  if (i.bridge) return 'bridge';
  if (i.sriov) return 'sriov';
  if (i.passtBinding) return 'passt';
  if (i.binding) return i.binding.name;
  return '—';
}

/** Interfaces from the spec joined with what the VMI reports (MAC, IPs, link state). */
export function NetworkTab({ vm, vmi }: { vm: VirtualMachine; vmi: VirtualMachineInstance | undefined }) {
  const { t } = useTranslation('vm-details');
  const ifaces = vm.spec.template.spec.domain.devices.interfaces ?? [];
  const nets = vm.spec.template.spec.networks ?? [];
  const statuses = vmi?.status?.interfaces ?? [];
  return (
    <Section title={t('common:noun.interfaces')} testId="network">
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
            t('network.link'),
          ]}
        >
          {ifaces.map((i) => {
            const net = nets.find((n) => n.name === i.name);
            const st = statuses.find((s) => s.name === i.name);
            const ips = [st?.ipAddress, ...(st?.ipAddresses ?? [])].filter(
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
                <td className={`${TD} font-mono text-xs`}>{st?.mac ?? i.macAddress ?? <Dash />}</td>
                <td className={`${TD} font-mono text-xs`}>{ips.length ? ips.join(', ') : <Dash />}</td>
                <td className={TD}>{st?.linkState ?? <Dash />}</td>
              </tr>
            );
          })}
        </Table>
      )}
    </Section>
  );
}
