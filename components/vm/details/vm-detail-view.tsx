'use client';
/** The VM detail page: header (name, status, actions) and tabs, all live from watches. */
import Link from 'next/link';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { EmptyState } from '@/components/ui/empty-state';
import { RelativeTime } from '@/components/ui/relative-time';
import { VmStatusBadge } from '@/components/vm/status-badge';
import { VmActionsBar } from '@/components/vm/actions/vm-actions-bar';
import { CrossSiteButton } from '@/components/vm/cross-site/cross-site-button';
import { CrossSiteWizard } from '@/components/vm/cross-site/cross-site-wizard';
import { useVmPermissions } from '@/components/vm/actions/use-vm-permissions';
import { VmYamlTab } from '@/components/vm/yaml/vm-yaml-tab';
import { useK8sObject } from '@/lib/k8s/hooks/use-k8s-list';
import { VM_GVR, type VirtualMachine } from '@/lib/k8s/resources/virtual-machine';
import { VMI_GVR, type VirtualMachineInstance } from '@/lib/k8s/resources/virtual-machine-instance';
import { routes, vmDetails } from '@/lib/routes';
import { ConsoleTab } from './console-tab';
import { DisksTab } from './disks-tab';
import { EventsTab } from './events-tab';
import { MigrationsTab } from './migrations-tab';
import { NetworkTab } from './network-tab';
import { OverviewTab } from './overview-tab';
import { VM_TABS, type VmTab } from './vm-tabs';

/** Which VM and which tab the page shows (from the URL). */
interface VmPageProps {
  site: string;
  namespace: string;
  name: string;
  tab: VmTab;
}

function TabNav({ site, namespace, name, tab }: VmPageProps) {
  const { t } = useTranslation('vm-details');
  return (
    <nav
      className="flex gap-1 overflow-x-auto border-b border-slate-200 dark:border-slate-800"
      aria-label={t('tabs.label')}
    >
      {VM_TABS.map((id) => (
        <Link
          key={id}
          href={vmDetails(site, namespace, name, id === 'overview' ? undefined : id)}
          aria-current={id === tab ? 'page' : undefined}
          data-tab={id}
          className={`-mb-px border-b-2 px-3 py-2 text-[13px] font-medium whitespace-nowrap ${
            id === tab
              ? 'border-blue-600 text-blue-700 dark:text-blue-400'
              : 'border-transparent text-slate-600 hover:text-slate-900 dark:text-slate-400 dark:hover:text-slate-100'
          }`}
        >
          {t(`tabs.${id}`)}
        </Link>
      ))}
    </nav>
  );
}

function TabBody({
  tab,
  site,
  vm,
  vmi,
  canUpdate,
}: {
  tab: VmTab;
  site: string;
  vm: VirtualMachine;
  vmi: VirtualMachineInstance | undefined;
  canUpdate: boolean | undefined;
}) {
  const namespace = vm.metadata.namespace ?? '';
  const name = vm.metadata.name ?? '';
  switch (tab) {
    case 'overview':
      return <OverviewTab vm={vm} vmi={vmi} />;
    case 'events':
      return <EventsTab site={site} namespace={namespace} name={name} />;
    case 'disks':
      return <DisksTab site={site} vm={vm} />;
    case 'network':
      return <NetworkTab site={site} vm={vm} vmi={vmi} />;
    case 'migrations':
      return <MigrationsTab site={site} namespace={namespace} name={name} />;
    case 'yaml':
      return <VmYamlTab key={`${site}/${namespace}/${name}`} site={site} vm={vm} canUpdate={canUpdate} />;
    case 'console':
      return (
        <ConsoleTab
          site={site}
          namespace={namespace}
          name={name}
          running={vmi?.status?.phase === 'Running'}
        />
      );
  }
}

export function VmDetailView({ site, namespace, name, tab }: VmPageProps) {
  const { t } = useTranslation('vm-details');
  const vmState = useK8sObject<VirtualMachine>(site, VM_GVR, namespace, name);
  const { object: vmi } = useK8sObject<VirtualMachineInstance>(site, VMI_GVR, namespace, name);
  const permissions = useVmPermissions(site, namespace, name);
  const vm = vmState.object;
  const snap = vmState.snapshot;
  // The VM a cross-site move was opened for: the wizard outlives the source's instance and,
  // once the user deletes the stopped source copy, the VM itself (it says what became of it).
  const [moving, setMoving] = useState<VirtualMachine | null>(null);
  // One place in the tree for both renders below, so the wizard keeps its state across them.
  const withWizard = (page: ReactNode) => (
    <>
      {moving && <CrossSiteWizard site={site} vm={vm ?? moving} onClose={() => setMoving(null)} />}
      {page}
    </>
  );
  const back = (
    <Link href={routes.vms(site)} className="text-xs text-blue-700 hover:underline dark:text-blue-400">
      ← {t('common:noun.vms')}
    </Link>
  );
  if (!vm) {
    return withWizard(
      <div className="p-6">
        {back}
        {vmState.notFound ? (
          <EmptyState title={t('notFound.title')}>{t('notFound.body', { name, namespace, site })}</EmptyState>
        ) : snap.error ? (
          <EmptyState title={t('loadFailed')}>{snap.error.message}</EmptyState>
        ) : (
          <p className="mt-6 text-[13px] text-slate-500">{t('common:state.loading')}</p>
        )}
      </div>
    );
  }
  return withWizard(
    <div className="space-y-4 p-6" data-testid="vm-detail">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div className="min-w-0">
          {back}
          <div className="mt-1 flex items-center gap-3">
            <h1
              translate="no"
              className="truncate text-lg font-semibold text-slate-900 dark:text-slate-100"
              data-testid="vm-name"
            >
              {name}
            </h1>
            <span data-testid="vm-status">
              <VmStatusBadge
                status={vm.status?.printableStatus}
                stale={snap.connection !== 'live' && snap.disconnectedSince !== null}
              />
            </span>
          </div>
          <p className="mt-0.5 text-xs text-slate-500">
            {t('header.where', { namespace, site })}
            {snap.lastUpdated && (
              <>
                {' · '}
                {t('common:state.updated')} <RelativeTime at={snap.lastUpdated} />
              </>
            )}
          </p>
        </div>
        <div className="flex flex-wrap items-center gap-2">
          <CrossSiteButton vmi={vmi} onOpen={() => setMoving(vm)} />
          <VmActionsBar site={site} vm={vm} vmi={vmi} />
        </div>
      </div>
      {snap.connection !== 'live' && snap.error && (
        <p className="rounded bg-amber-50 px-3 py-2 text-xs text-amber-900 dark:bg-amber-950/40 dark:text-amber-200">
          {t('staleBanner', { message: snap.error.message })}
        </p>
      )}
      <TabNav site={site} namespace={namespace} name={name} tab={tab} />
      <TabBody tab={tab} site={site} vm={vm} vmi={vmi} canUpdate={permissions.update} />
    </div>
  );
}
