'use client';
/**
 * Every MigrationPolicy of every site, live: bandwidth, auto-converge, post-copy, completion
 * timeout, selectors, and the VMs each one is in effect for (virt-controller's matching rules);
 * create, edit and delete (the cluster decides who may; a refusal is shown as worded).
 */
import Link from 'next/link';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '@/components/ui/button';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { EditDeleteButtons } from '@/components/ui/edit-delete-buttons';
import { ApiErrorMessage } from '@/components/vm/actions/api-error-message';
import { VmLinks } from '@/components/vm/vm-links';
import { apiPath } from '@/lib/k8s/api-path';
import { k8sFetch } from '@/lib/k8s/client';
import { MIGRATION_POLICY_GVR, type MigrationPolicy } from '@/lib/k8s/resources/migration-policy';
import { policyFormValues, vmsByPolicy } from '@/lib/migration/policy-form';
import { routes } from '@/lib/routes';
import { PolicyEditor } from './policy-editor';
import { useFleetPolicies } from './use-fleet-policies';

const TH = 'px-2 py-1.5';
const TD = 'px-2 py-1.5 align-top';

type Target = { site: string; policy: MigrationPolicy };

export function PoliciesPage() {
  const { t } = useTranslation('migrations');
  const sites = useFleetPolicies();
  const [editing, setEditing] = useState<{ site: string; policy?: MigrationPolicy }>();
  const [deleting, setDeleting] = useState<Target>();
  const [error, setError] = useState<unknown>();
  const siteNames = sites.map((s) => s.site);
  const yesNo = (b: boolean) => (b ? t('policies.yes') : t('policies.no'));

  const remove = async ({ site, policy }: Target) => {
    setDeleting(undefined);
    setError(undefined);
    try {
      await k8sFetch(site, apiPath(MIGRATION_POLICY_GVR, { name: policy.metadata.name ?? '' }), {
        method: 'DELETE',
      });
    } catch (e) {
      setError(e);
    }
  };

  return (
    <div className="flex-1 overflow-auto" data-testid="policies-page">
      <div className="flex items-center gap-3 border-b border-slate-200 px-5 py-3 dark:border-slate-800">
        <h1 className="text-lg font-semibold text-slate-900 dark:text-slate-50">{t('policies.title')}</h1>
        <Link
          href={routes.migrations()}
          className="text-[13px] text-blue-700 hover:underline dark:text-blue-400"
        >
          {t('policies.backToMigrations')}
        </Link>
        <div className="flex-1" />
        <Button
          variant="primary"
          disabled={!siteNames.length}
          onClick={() => setEditing({ site: siteNames[0] ?? '' })}
          data-testid="policy-create"
        >
          {t('policies.create')}
        </Button>
      </div>
      <p className="px-5 pt-3 text-xs text-slate-500">{t('policies.matchingRule')}</p>
      {error !== undefined && (
        <div className="mx-5 mt-3">
          <ApiErrorMessage
            error={error}
            title={t('policies.deleteFailed')}
            onDismiss={() => setError(undefined)}
          />
        </div>
      )}
      <table className="m-5 text-left text-[13px]" data-testid="policies-table">
        <thead className="text-xs font-semibold text-slate-600 dark:text-slate-300">
          <tr className="border-b border-slate-200 dark:border-slate-800">
            <th className={TH}>{t('common:noun.site')}</th>
            <th className={TH}>{t('common:noun.name')}</th>
            <th className={TH}>{t('policies.field.bandwidthPerMigration')}</th>
            <th className={TH}>{t('policies.col.autoConverge')}</th>
            <th className={TH}>{t('policies.col.postCopy')}</th>
            <th className={TH}>{t('policies.field.completionTimeoutPerGiB')}</th>
            <th className={TH}>{t('policies.col.selectors')}</th>
            <th className={TH}>{t('policies.col.vms')}</th>
            <th className={TH} />
          </tr>
        </thead>
        <tbody>
          {sites.flatMap((s) => {
            const policies = [...s.policies.items.values()].sort((a, b) =>
              (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''),
            );
            if (s.policies.error && !policies.length)
              return [
                <tr key={s.site}>
                  <td className={TD}>{s.site}</td>
                  <td colSpan={8} className={`${TD} text-red-700`}>
                    {s.policies.error.message}
                  </td>
                </tr>,
              ];
            const vms = vmsByPolicy(
              policies,
              s.vms.items.values(),
              s.vmis.items,
              s.namespaces.items.values(),
            );
            return policies.map((p) => {
              const v = policyFormValues(p);
              const matched = vms.get(p.metadata.name ?? '') ?? [];
              return (
                <tr
                  key={`${s.site}/${p.metadata.name}`}
                  data-policy={`${s.site}/${p.metadata.name}`}
                  className="border-b border-slate-100 dark:border-slate-800/60"
                >
                  <td className={`${TD} whitespace-nowrap`}>{s.site}</td>
                  <td className={`${TD} font-medium whitespace-nowrap`}>{p.metadata.name}</td>
                  <td className={`${TD} tabular-nums`} data-testid="policy-bandwidth">
                    {v.bandwidthPerMigration ? `${v.bandwidthPerMigration}/s` : t('policies.inherited')}
                  </td>
                  <td className={TD}>{yesNo(v.allowAutoConverge)}</td>
                  <td className={TD}>{yesNo(v.allowPostCopy)}</td>
                  <td className={`${TD} tabular-nums`}>
                    {v.completionTimeoutPerGiB ? `${v.completionTimeoutPerGiB} s` : t('policies.inherited')}
                  </td>
                  <td className={`${TD} text-xs`}>
                    {v.vmiSelector && <div>{t('policies.vmiLabels', { labels: v.vmiSelector })}</div>}
                    {v.namespaceSelector && (
                      <div>{t('policies.nsLabels', { labels: v.namespaceSelector })}</div>
                    )}
                    {!v.vmiSelector && !v.namespaceSelector && (
                      <span className="text-amber-700">
                        {p.spec.selectors ? t('policies.matchesAll') : t('policies.matchesNone')}
                      </span>
                    )}
                  </td>
                  <td className={TD} data-testid="policy-vms">
                    <VmLinks site={s.site} vms={matched} tab="migrations" empty={t('policies.noVms')} />
                  </td>
                  <td className={`${TD} whitespace-nowrap`}>
                    <EditDeleteButtons
                      testId="policy"
                      editLabel={t('policies.edit')}
                      deleteLabel={t('policies.delete')}
                      onEdit={() => setEditing({ site: s.site, policy: p })}
                      onDelete={() => setDeleting({ site: s.site, policy: p })}
                    />
                  </td>
                </tr>
              );
            });
          })}
        </tbody>
      </table>
      {editing && (
        <PolicyEditor
          sites={siteNames}
          site={editing.site}
          policy={editing.policy}
          onClose={() => setEditing(undefined)}
        />
      )}
      <ConfirmDialog
        open={!!deleting}
        title={t('policies.deleteTitle', { name: deleting?.policy.metadata.name ?? '' })}
        confirmLabel={t('policies.delete')}
        destructive
        onConfirm={() => deleting && void remove(deleting)}
        onCancel={() => setDeleting(undefined)}
      >
        {t('policies.deleteBody')}
      </ConfirmDialog>
    </div>
  );
}
