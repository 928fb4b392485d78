'use client';
import { useTranslation } from 'react-i18next';
import { nadCniType, nadNetworkName } from '@/lib/k8s/resources/network-attachment-definition';
import { Choice, FormSection, Labeled, Select } from './form-controls';
import type { SectionProps } from './section-types';

/** Pod network with masquerade (default), plus an optional Multus network with bridge or SR-IOV. */
export function NetworkSection({ form, update, errors, options }: SectionProps) {
  const { t } = useTranslation('vm-create');
  const sec = form.secondary;
  return (
    <FormSection title={t('common:noun.network')} field="network" errors={errors.network}>
      <label className="flex items-start gap-2 text-[13px]">
        <input type="checkbox" className="mt-0.5" checked={form.podNetwork} onChange={(e) => update({ podNetwork: e.target.checked })} name="podNetwork" />
        <span>
          <span className="font-medium">{t('network.pod')}</span>
          <span className="block text-xs text-slate-500 dark:text-slate-400">{t('network.podHint')}</span>
        </span>
      </label>
      <label className="flex items-start gap-2 text-[13px]">
        <input
          type="checkbox"
          className="mt-0.5"
          checked={!!sec}
          onChange={(e) => update({ secondary: e.target.checked ? { networkName: options.nads[0] ? nadNetworkName(options.nads[0]) : '', binding: 'bridge' } : null })}
          name="secondaryNetwork"
        />
        <span>
          <span className="font-medium">{t('network.multus')}</span>
          <span className="block text-xs text-slate-500 dark:text-slate-400">{options.nads.length ? t('network.multusHint') : t('network.noNads')}</span>
        </span>
      </label>
      {sec && (
        <div className="space-y-3 border-l-2 border-slate-200 pl-4 dark:border-slate-700">
          <Labeled label={t('common:noun.network')} field="nad">
            <Select value={sec.networkName} onChange={(e) => update({ secondary: { ...sec, networkName: e.target.value } })} name="nad">
              {!sec.networkName && <option value="">{t('network.chooseNad')}</option>}
              {options.nads.map((n) => (
                <option key={nadNetworkName(n)} value={nadNetworkName(n)}>
                  {nadNetworkName(n)}
                  {nadCniType(n) ? ` (${nadCniType(n)})` : ''}
                </option>
              ))}
            </Select>
          </Labeled>
          <div className="space-y-2">
            <Choice name="binding" value="bridge" checked={sec.binding === 'bridge'} onChange={() => update({ secondary: { ...sec, binding: 'bridge' } })} label={t('network.bridge')} hint={t('network.bridgeMigration')} />
            <Choice name="binding" value="sriov" checked={sec.binding === 'sriov'} onChange={() => update({ secondary: { ...sec, binding: 'sriov' } })} label={t('network.sriov')} hint={t('network.sriovMigration')} />
          </div>
        </div>
      )}
    </FormSection>
  );
}
