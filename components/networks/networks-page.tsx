'use client';
/**
 * Every NetworkAttachmentDefinition of every site, live: per site and namespace, its type read
 * from the CNI config, the VMs that attach to it; create, edit and delete (the cluster decides
 * who may: a viewer's refusal is shown as the server worded it).
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '@/components/ui/button';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { EditDeleteButtons } from '@/components/ui/edit-delete-buttons';
import { ApiErrorMessage } from '@/components/vm/actions/api-error-message';
import { VmLinks } from '@/components/vm/vm-links';
import { apiPath } from '@/lib/k8s/api-path';
import { k8sFetch } from '@/lib/k8s/client';
import {
  NAD_GVR,
  nadNetworkName,
  type NetworkAttachmentDefinition,
} from '@/lib/k8s/resources/network-attachment-definition';
import { summarizeNad } from '@/lib/network/nad-config';
import { vmsByNad } from '@/lib/network/nad-usage';
import { MigrationScan } from './migration-scan';
import { NadEditor } from './nad-editor';
import { NadType } from './nad-type';
import { useFleetNads } from './use-fleet-nads';

const TH = 'px-2 py-1.5';
const TD = 'px-2 py-1.5 align-top';

type Target = { site: string; nad: NetworkAttachmentDefinition };

export function NetworksPage() {
  const { t } = useTranslation('network');
  const sites = useFleetNads();
  const [editing, setEditing] = useState<{ site: string; nad?: NetworkAttachmentDefinition }>();
  const [deleting, setDeleting] = useState<Target>();
  const [error, setError] = useState<unknown>();
  const remove = async ({ site, nad }: Target) => {
    setDeleting(undefined);
    setError(undefined);
    try {
      await k8sFetch(
        site,
        apiPath(NAD_GVR, { namespace: nad.metadata.namespace, name: nad.metadata.name ?? '' }),
        { method: 'DELETE' },
      );
    } catch (e) {
      setError(e);
    }
  };
  const siteNames = sites.map((s) => s.site);
  return (
    <div className="flex-1 overflow-auto" data-testid="networks-page">
      <div className="flex items-center justify-between border-b border-slate-200 px-5 py-3 dark:border-slate-800">
        <h1 className="text-lg font-semibold text-slate-900 dark:text-slate-50">{t('page.title')}</h1>
        <Button
          variant="primary"
          onClick={() => setEditing({ site: siteNames[0] ?? '' })}
          data-testid="nad-create"
        >
          {t('page.create')}
        </Button>
      </div>
      <MigrationScan sites={sites} />
      {error !== undefined && (
        <div className="mx-5 mt-3">
          <ApiErrorMessage
            error={error}
            title={t('page.deleteFailed')}
            onDismiss={() => setError(undefined)}
          />
        </div>
      )}
      <table className="m-5 text-left text-[13px]" data-testid="nads-table">
        <thead className="text-xs font-semibold text-slate-600 dark:text-slate-300">
          <tr className="border-b border-slate-200 dark:border-slate-800">
            <th className={TH}>{t('common:noun.site')}</th>
            <th className={TH}>{t('common:noun.namespace')}</th>
            <th className={TH}>{t('common:noun.name')}</th>
            <th className={TH}>{t('common:noun.type')}</th>
            <th className={TH}>{t('page.usedBy')}</th>
            <th className={TH} />
          </tr>
        </thead>
        <tbody>
          {sites.flatMap((s) => {
            const nads = [...s.nads.items.values()].sort((a, b) =>
              nadNetworkName(a).localeCompare(nadNetworkName(b)),
            );
            if (s.nads.error && !nads.length)
              return [
                <tr key={s.site}>
                  <td className={TD}>{s.site}</td>
                  <td colSpan={5} className={`${TD} text-red-700`}>
                    {s.nads.error.message}
                  </td>
                </tr>,
              ];
            const users = vmsByNad(s.vms.items.values());
            return nads.map((n) => {
              const vms = users.get(nadNetworkName(n)) ?? [];
              return (
                <tr
                  key={`${s.site}/${nadNetworkName(n)}`}
                  data-nad={`${s.site}/${nadNetworkName(n)}`}
                  className="border-b border-slate-100 dark:border-slate-800/60"
                >
                  <td className={TD}>{s.site}</td>
                  <td className={TD}>{n.metadata.namespace}</td>
                  <td className={`${TD} font-medium`}>{n.metadata.name}</td>
                  <td className={TD}>
                    <NadType s={summarizeNad(n)} />
                  </td>
                  <td className={TD} data-testid="nad-users">
                    <VmLinks
                      site={s.site}
                      vms={vms.map((vm) => ({ namespace: vm.metadata.namespace ?? '', name: vm.metadata.name ?? '' }))}
                      tab="network"
                      empty={t('page.unused')}
                    />
                  </td>
                  <td className={`${TD} whitespace-nowrap`}>
                    <EditDeleteButtons
                      testId="nad"
                      editLabel={t('page.edit')}
                      deleteLabel={t('page.delete')}
                      onEdit={() => setEditing({ site: s.site, nad: n })}
                      onDelete={() => setDeleting({ site: s.site, nad: n })}
                    />
                  </td>
                </tr>
              );
            });
          })}
        </tbody>
      </table>
      {editing && (
        <NadEditor
          sites={siteNames}
          site={editing.site}
          nad={editing.nad}
          onClose={() => setEditing(undefined)}
        />
      )}
      <ConfirmDialog
        open={!!deleting}
        title={t('page.deleteTitle', { name: deleting ? nadNetworkName(deleting.nad) : '' })}
        confirmLabel={t('page.delete')}
        destructive
        onConfirm={() => deleting && void remove(deleting)}
        onCancel={() => setDeleting(undefined)}
      >
        {deleting &&
          (vmsByNad(sites.find((s) => s.site === deleting.site)?.vms.items.values() ?? []).get(
            nadNetworkName(deleting.nad),
          )?.length ?? 0) > 0 && <p className="text-sm text-amber-700">{t('page.deleteInUse')}</p>}
      </ConfirmDialog>
    </div>
  );
}
