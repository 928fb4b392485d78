'use client';
import { useTranslation } from 'react-i18next';
import { RelativeTime } from '@/components/ui/relative-time';
import { VmStatusBadge } from '@/components/vm/status-badge';
import {
  vmMemory,
  vmPrintableStatus,
  runStrategyOf,
  vmVcpus,
  type VirtualMachine,
} from '@/lib/k8s/resources/virtual-machine';
import { vmiIps, vmiNode, type VirtualMachineInstance } from '@/lib/k8s/resources/virtual-machine-instance';
import { presentStatus } from '@/lib/vm/status';
import { ConditionsTable, mergeConditions } from './conditions-table';
import { Chip, Dash, Field, Section } from './detail-parts';

function GuestOs({ vmi }: { vmi: VirtualMachineInstance | undefined }) {
  const { t } = useTranslation('vm-details');
  const os = vmi?.status?.guestOSInfo;
  if (!os || !(os.prettyName || os.name))
    return <span className="text-slate-500">{t('overview.noGuestAgent')}</span>;
  return (
    <span>
      <span translate="no">{os.prettyName || `${os.name ?? ''} ${os.version ?? ''}`}</span>
      {os.kernelRelease && (
        <span className="ml-2 text-xs text-slate-500">
          {t('overview.kernel', { kernel: os.kernelRelease })}
        </span>
      )}
    </span>
  );
}

/** Status in words, placement, guest, run strategy, labels and conditions. */
export function OverviewTab({ vm, vmi }: { vm: VirtualMachine; vmi: VirtualMachineInstance | undefined }) {
  const { t } = useTranslation('vm-details');
  const { t: tc } = useTranslation('common');
  const status = vmPrintableStatus(vm);
  const ips = vmiIps(vmi);
  const labels = Object.entries(vm.metadata.labels ?? {});
  const rs = runStrategyOf(vm);
  const vcpus = vmVcpus(vm);
  return (
    <div className="grid gap-4 lg:grid-cols-2" data-testid="overview">
      <Section title={t('common:noun.status')}>
        <div className="flex items-center gap-2">
          <VmStatusBadge status={status} />
          {vmi?.status?.phase && (
            <span className="text-xs text-slate-500">
              {t('overview.vmiPhaseLabel')} <span translate="no">{vmi.status.phase}</span>
            </span>
          )}
        </div>
        <p
          className="mt-2 text-[13px] leading-5 text-slate-700 dark:text-slate-300"
          data-testid="status-explanation"
        >
          {tc(presentStatus(status).explanationKey)}
        </p>
      </Section>
      <Section title={t('overview.details')}>
        <dl>
          <Field label={t('common:noun.runStrategy')} testId="run-strategy">
            <span translate="no">{rs}</span>{' '}
            <span className="text-xs text-slate-500">— {t(`runStrategy.${rs}`)}</span>
          </Field>
          <Field label={t('common:noun.node')}>
            {vmiNode(vmi) ? <span translate="no">{vmiNode(vmi)}</span> : <Dash />}
          </Field>
          <Field label={t('common:noun.ips')}>
            {ips.length ? (
              <span className="font-mono" translate="no">
                {ips.join(', ')}
              </span>
            ) : (
              <Dash />
            )}
          </Field>
          <Field label={t('overview.guestOs')}>
            <GuestOs vmi={vmi} />
          </Field>
          <Field label={t('common:noun.size')}>
            {vm.spec.instancetype
              ? t('overview.instancetype', { name: vm.spec.instancetype.name })
              : t('overview.cpuMemory', { cpu: vcpus ?? '?', memory: vmMemory(vm) ?? '?' })}
          </Field>
          <Field label={t('common:noun.created')}>
            <RelativeTime at={vm.metadata.creationTimestamp} />
          </Field>
          <Field label={t('common:noun.labels')}>
            {labels.length ? labels.map(([k, v]) => <Chip key={k}>{`${k}=${v}`}</Chip>) : <Dash />}
          </Field>
        </dl>
      </Section>
      <div className="lg:col-span-2">
        <Section title={t('overview.conditions')}>
          <ConditionsTable conditions={mergeConditions(vm.status?.conditions, vmi?.status?.conditions)} />
        </Section>
      </div>
    </div>
  );
}
