'use client';
import { useTranslation } from 'react-i18next';
import { instancetypeSummary } from '@/lib/k8s/resources/instancetype';
import { Choice, FormSection, Labeled, Select, TextInput } from './form-controls';
import type { SectionProps } from './section-types';

/** vCPU and memory, or a cluster instance type (+ preference) when the site offers them. */
export function SizingSection({ form, update, errors, options }: SectionProps) {
  const { t } = useTranslation('vm-create');
  const offered = options.instancetypes.length > 0;
  const useType = !!form.instancetype;
  return (
    <FormSection title={t('common:noun.size')} field="sizing" errors={errors.sizing} description={offered ? t('sizing.offered') : undefined}>
      {offered && (
        <div className="flex flex-wrap gap-4">
          <Choice name="sizing" value="custom" checked={!useType} onChange={() => update({ instancetype: '', preference: '' })} label={t('sizing.custom')} />
          <Choice
            name="sizing"
            value="instancetype"
            checked={useType}
            onChange={() => update({ instancetype: options.instancetypes[0]?.metadata.name ?? '' })}
            label={t('sizing.instancetype')}
            hint={t('sizing.instancetypeHint')}
          />
        </div>
      )}
      {useType ? (
        <div className="grid gap-3 sm:grid-cols-2">
          <Labeled label={t('sizing.instancetype')} field="instancetype">
            <Select value={form.instancetype} onChange={(e) => update({ instancetype: e.target.value })} name="instancetype">
              {options.instancetypes.map((it) => {
                const s = instancetypeSummary(it);
                return (
                  <option key={it.metadata.name} value={it.metadata.name}>
                    {t('sizing.typeOption', { name: it.metadata.name, cpu: s.cpu, memory: s.memory })}
                  </option>
                );
              })}
            </Select>
          </Labeled>
          <Labeled label={t('sizing.preference')} field="preference">
            <Select value={form.preference} onChange={(e) => update({ preference: e.target.value })} name="preference">
              <option value="">{t('sizing.noPreference')}</option>
              {options.preferences.map((p) => (
                <option key={p.metadata.name} value={p.metadata.name}>
                  {p.metadata.name}
                </option>
              ))}
            </Select>
          </Labeled>
        </div>
      ) : (
        <div className="grid gap-3 sm:grid-cols-2">
          <Labeled label={t('sizing.cpu')} field="cpu" errors={errors.cpu}>
            <TextInput type="number" min={1} max={64} value={form.cpuCores} onChange={(e) => update({ cpuCores: Number(e.target.value) })} name="cpu" />
          </Labeled>
          <Labeled label={t('sizing.memory')} field="memory" errors={errors.memory} hint={t('sizing.memoryHint')}>
            <TextInput value={form.memory} onChange={(e) => update({ memory: e.target.value.trim() })} name="memory" />
          </Labeled>
        </div>
      )}
    </FormSection>
  );
}
