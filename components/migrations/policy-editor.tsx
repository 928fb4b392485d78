'use client';
/**
 * Create or edit a MigrationPolicy (cluster-scoped, one site). Fields are checked before
 * sending; the server's refusal (a viewer's 403, a 409 on a stale edit, an invalid field) is
 * shown as it answered and the values typed stay.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '@/components/ui/button';
import { ApiErrorMessage } from '@/components/vm/actions/api-error-message';
import { Labeled, Select, TextInput } from '@/components/vm/create/form-controls';
import { createObject, replaceObject } from '@/lib/k8s/client';
import { MIGRATION_POLICY_GVR, type MigrationPolicy } from '@/lib/k8s/resources/migration-policy';
import {
  policyFormValues,
  policyFromForm,
  validatePolicyForm,
  type PolicyFormErrors,
  type PolicyFormValues,
} from '@/lib/migration/policy-form';

type TextField =
  'name' | 'bandwidthPerMigration' | 'completionTimeoutPerGiB' | 'vmiSelector' | 'namespaceSelector';
const TEXT_FIELDS: TextField[] = [
  'name',
  'bandwidthPerMigration',
  'completionTimeoutPerGiB',
  'vmiSelector',
  'namespaceSelector',
];

export function PolicyEditor({
  sites,
  site: initialSite,
  policy,
  onClose,
}: {
  sites: string[];
  site: string;
  policy?: MigrationPolicy;
  onClose(): void;
}) {
  const { t } = useTranslation('migrations');
  const [site, setSite] = useState(initialSite);
  const [values, setValues] = useState<PolicyFormValues>(() => policyFormValues(policy));
  const [errors, setErrors] = useState<PolicyFormErrors>({});
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const set = (p: Partial<PolicyFormValues>) => setValues((v) => ({ ...v, ...p }));

  const save = async () => {
    const found = validatePolicyForm(values);
    setErrors(found);
    setError(undefined);
    if (Object.keys(found).length) return;
    setBusy(true);
    try {
      const obj = policyFromForm(values, policy);
      if (policy) await replaceObject(site, MIGRATION_POLICY_GVR, { name: policy.metadata.name ?? '' }, obj);
      else await createObject(site, MIGRATION_POLICY_GVR, obj);
      onClose();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div
      role="dialog"
      aria-modal="true"
      className="fixed inset-0 z-40 flex items-start justify-center overflow-auto bg-slate-900/40 p-8"
      data-testid="policy-editor"
    >
      <div className="w-full max-w-xl space-y-3 rounded-lg bg-white p-5 shadow-xl dark:bg-slate-900">
        <h2 className="text-[15px] font-semibold text-slate-900 dark:text-slate-100">
          {policy ? t('policies.editTitle', { name: policy.metadata.name }) : t('policies.createTitle')}
        </h2>
        <div className="grid grid-cols-2 gap-3">
          <Labeled label={t('common:noun.site')}>
            <Select
              name="policy-site"
              value={site}
              disabled={!!policy}
              onChange={(e) => setSite(e.target.value)}
            >
              {sites.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </Select>
          </Labeled>
          {TEXT_FIELDS.map((f) => (
            <Labeled
              key={f}
              field={`policy-${f}`}
              label={t(`policies.field.${f}`)}
              hint={f === 'name' ? undefined : t(`policies.hint.${f}`)}
              errors={errors[f] ? [t(`policies.error.${errors[f]}`)] : undefined}
            >
              <TextInput
                name={`policy-${f}`}
                value={values[f]}
                disabled={f === 'name' && !!policy}
                onChange={(e) => set({ [f]: e.target.value })}
              />
            </Labeled>
          ))}
          {(['allowAutoConverge', 'allowPostCopy'] as const).map((f) => (
            <label key={f} className="flex items-center gap-2 text-[13px] text-slate-700 dark:text-slate-300">
              <input
                type="checkbox"
                name={`policy-${f}`}
                checked={values[f]}
                onChange={(e) => set({ [f]: e.target.checked })}
              />
              {t(`policies.field.${f}`)}
            </label>
          ))}
        </div>
        {values.allowPostCopy && (
          <p className="text-xs text-amber-700 dark:text-amber-400">{t('stall.postCopyWarning')}</p>
        )}
        {error !== undefined && <ApiErrorMessage error={error} title={t('policies.saveFailed')} />}
        <div className="flex justify-end gap-2">
          <Button onClick={onClose}>{t('common:actions.cancel')}</Button>
          <Button variant="primary" disabled={busy} onClick={() => void save()} data-testid="policy-save">
            {t('common:actions.save')}
          </Button>
        </div>
      </div>
    </div>
  );
}
