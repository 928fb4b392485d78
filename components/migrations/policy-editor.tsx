'use client';
/**
 * Create or edit a MigrationPolicy (cluster-scoped, one site). Fields are checked before
 * sending; the server's refusal (a viewer's 403, a 409 on a stale edit, an invalid field) is
 * shown as it answered and the values typed stay.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiErrorMessage } from '@/components/vm/actions/api-error-message';
import { EditorDialog } from '@/components/ui/editor-dialog';
import { Labeled, SiteSelect, TextInput } from '@/components/vm/create/form-controls';
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
    <EditorDialog
      testId="policy-editor"
      saveTestId="policy-save"
      title={policy ? t('policies.editTitle', { name: policy.metadata.name }) : t('policies.createTitle')}
      busy={busy}
      onClose={onClose}
      onSave={() => void save()}
      error={error !== undefined && <ApiErrorMessage error={error} title={t('policies.saveFailed')} />}
    >
      <div className="grid grid-cols-2 gap-3">
        <SiteSelect
          label={t('common:noun.site')}
          name="policy-site"
          sites={sites}
          value={site}
          disabled={!!policy}
          onChange={setSite}
        />
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
    </EditorDialog>
  );
}
