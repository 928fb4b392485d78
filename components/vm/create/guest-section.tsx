'use client';
import { useTranslation } from 'react-i18next';
import { FormSection, INPUT, Labeled, TextInput } from './form-controls';
import type { SectionProps } from './section-types';

/** cloud-init: user, password and SSH keys, written as `#cloud-config` NoCloud user data. */
export function CloudInitSection({ form, update, errors }: SectionProps) {
  const { t } = useTranslation('vm-create');
  const ci = form.cloudInit;
  const set = (patch: Partial<typeof ci>) => update({ cloudInit: { ...ci, ...patch } });
  return (
    <FormSection title={t('cloudInit.title')} field="cloudInit" errors={errors.cloudInit} description={t('cloudInit.description')}>
      <label className="flex items-center gap-2 text-[13px]">
        <input type="checkbox" checked={ci.enabled} onChange={(e) => set({ enabled: e.target.checked })} name="cloudInitEnabled" />
        {t('cloudInit.enabled')}
      </label>
      {ci.enabled && (
        <div className="grid gap-3 sm:grid-cols-2">
          <Labeled label={t('cloudInit.user')} field="ciUser">
            <TextInput value={ci.user} onChange={(e) => set({ user: e.target.value.trim() })} name="ciUser" autoComplete="off" />
          </Labeled>
          <Labeled label={t('cloudInit.password')} field="ciPassword" hint={t('cloudInit.passwordHint')}>
            <TextInput type="password" value={ci.password} onChange={(e) => set({ password: e.target.value })} name="ciPassword" autoComplete="new-password" />
          </Labeled>
          <div className="sm:col-span-2">
            <Labeled label={t('cloudInit.sshKey')} field="ciSshKey">
              <textarea value={ci.sshKey} onChange={(e) => set({ sshKey: e.target.value })} name="ciSshKey" rows={2} className={`${INPUT} font-mono text-xs`} placeholder="ssh-ed25519 AAAA… user@host" />
            </Labeled>
          </div>
        </div>
      )}
    </FormSection>
  );
}

/** Key/value node selector rows. */
export function NodeSelectorSection({ form, update, errors }: SectionProps) {
  const { t } = useTranslation('vm-create');
  const rows = form.nodeSelector;
  const setRow = (i: number, patch: Partial<{ key: string; value: string }>) => update({ nodeSelector: rows.map((r, k) => (k === i ? { ...r, ...patch } : r)) });
  return (
    <FormSection title={t('nodeSelector.title')} field="nodeSelector" errors={errors.nodeSelector} description={t('nodeSelector.description')}>
      {rows.map((r, i) => (
        <div key={i} className="flex gap-2">
          <TextInput aria-label={t('nodeSelector.key')} placeholder={t('nodeSelector.key')} value={r.key} onChange={(e) => setRow(i, { key: e.target.value })} />
          <TextInput aria-label={t('nodeSelector.value')} placeholder={t('nodeSelector.value')} value={r.value} onChange={(e) => setRow(i, { value: e.target.value })} />
          <button type="button" className="px-2 text-xs text-slate-500 hover:text-red-600" onClick={() => update({ nodeSelector: rows.filter((_, k) => k !== i) })}>
            {t('common:actions.remove')}
          </button>
        </div>
      ))}
      <button type="button" className="text-xs font-medium text-blue-700 hover:underline dark:text-blue-400" onClick={() => update({ nodeSelector: [...rows, { key: '', value: '' }] })}>
        + {t('nodeSelector.add')}
      </button>
    </FormSection>
  );
}
