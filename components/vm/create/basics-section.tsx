'use client';
import { useTranslation } from 'react-i18next';
import type { RunStrategy } from '@/lib/k8s/resources/virtual-machine';
import { CREATE_RUN_STRATEGIES } from '@/lib/vm/create';
import { FormSection, Labeled, Select, TextInput } from './form-controls';
import type { SectionProps } from './section-types';

/** Site, namespace, name and run strategy. */
export function BasicsSection({ form, update, errors, options, sites }: SectionProps & { sites: string[] }) {
  const { t } = useTranslation('vm-create');
  return (
    <FormSection title={t('basics.title')}>
      <div className="grid gap-3 sm:grid-cols-2">
        <Labeled label={t('common:noun.site')} field="site" errors={errors.general?.filter((e) => e === t('error.noSite'))}>
          <Select value={form.site} onChange={(e) => update({ site: e.target.value })} name="site">
            {!form.site && <option value="">{t('basics.chooseSite')}</option>}
            {sites.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </Select>
        </Labeled>
        <Labeled label={t('common:noun.namespace')} field="namespace" errors={errors.namespace}>
          <TextInput list="ns-options" value={form.namespace} onChange={(e) => update({ namespace: e.target.value.trim() })} name="namespace" />
          <datalist id="ns-options">
            {options.namespaces.map((n) => (
              <option key={n.metadata.name} value={n.metadata.name} />
            ))}
          </datalist>
        </Labeled>
        <Labeled label={t('common:noun.name')} field="name" errors={errors.name} hint={t('basics.nameHint')}>
          <TextInput value={form.name} onChange={(e) => update({ name: e.target.value.trim() })} name="name" placeholder="web-01" autoComplete="off" />
        </Labeled>
        <Labeled label={t('common:noun.runStrategy')} field="runStrategy" errors={errors.runStrategy} hint={t(`runStrategyHint.${form.runStrategy}`)}>
          <Select value={form.runStrategy} onChange={(e) => update({ runStrategy: e.target.value as RunStrategy })} name="runStrategy">
            {CREATE_RUN_STRATEGIES.map((r) => (
              <option key={r} value={r}>
                {t(`runStrategyLabel.${r}`)}
              </option>
            ))}
          </Select>
        </Labeled>
      </div>
    </FormSection>
  );
}
