'use client';
/** /datavolumes/new: the import wizard, one form with a YAML tab kept in step both ways. */
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '@/components/ui/button';
import { ApiErrorMessage } from '@/components/vm/actions/api-error-message';
import { FieldErrors, FormSection, Labeled, Select, TextInput } from '@/components/vm/create/form-controls';
import { YamlCodeEditor } from '@/components/vm/yaml/yaml-code-editor';
import type { DvForm } from '@/lib/datavolume/dv-create';
import type { DvFormField } from '@/lib/datavolume/dv-create-errors';
import { sizeRequestFor } from '@/lib/datavolume/qcow2-header';
import type { DataVolume } from '@/lib/k8s/resources/datavolume';
import { useSites } from '@/lib/query/sites';
import { routes } from '@/lib/routes';
import { UploadPanel } from '../upload/upload-panel';
import { startUpload } from '../upload/upload-runner';
import type { PickedImage } from './dv-file-picker';
import { DvSourceSection } from './dv-source-section';
import { DvTargetSection } from './dv-target-section';
import { useDvCreate } from './use-dv-create';
import { useDvOptions } from './use-dv-options';

type Tab = 'form' | 'yaml';

export function DvCreateView({ site, namespace }: { site: string; namespace: string }) {
  const { t } = useTranslation('dv-create');
  const router = useRouter();
  const clusters = useSites();
  const [tab, setTab] = useState<Tab>('form');
  const [picked, setPicked] = useState<PickedImage | undefined>();
  const afterCreate = useCallback(
    (dv: DataVolume, form: DvForm, file: File | undefined) => {
      const ns = dv.metadata.namespace ?? form.namespace;
      const name = dv.metadata.name ?? form.name;
      if (form.source === 'upload' && file) startUpload(form.site, ns, name, file);
      else router.push(routes.dataVolumeDetails(form.site, ns, name));
    },
    [router],
  );
  const s = useDvCreate(site, namespace, afterCreate);
  const options = useDvOptions(s.form.site, s.form.source === 'clone' ? s.form.cloneNamespace : '');
  const sites = (clusters.data ?? []).map((c) => c.name);
  const firstSite = sites[0];
  const { update, setFile } = s;
  useEffect(() => {
    if (!s.form.site && firstSite) update({ site: firstSite });
  }, [s.form.site, firstSite, update]);
  if (s.form.site && !sites.includes(s.form.site)) sites.unshift(s.form.site);
  const onPick = (p: PickedImage | undefined) => {
    setPicked(p);
    setFile(p?.file);
    if (p)
      update({ size: sizeRequestFor(p.facts.virtualSize), name: s.form.name || nameFromFile(p.file.name) });
  };
  const errors: Partial<Record<DvFormField, string[]>> = {};
  for (const [f, keys] of Object.entries(s.localErrors)) errors[f as DvFormField] = keys.map((k) => t(k));
  for (const [f, msgs] of Object.entries(s.clusterErrors))
    errors[f as DvFormField] = [...(errors[f as DvFormField] ?? []), ...msgs];
  const props = { form: s.form, update, errors, options };
  const busy = s.phase !== 'idle';
  return (
    <div className="mx-auto max-w-4xl space-y-4 p-6" data-testid="dv-create">
      <div>
        <Link
          href={routes.dataVolumes(site || undefined)}
          className="text-xs text-blue-700 hover:underline dark:text-blue-400"
        >
          ← {t('shell:nav.dataVolumes')}
        </Link>
        <h1 className="mt-1 text-lg font-semibold text-slate-900 dark:text-slate-100">{t('title')}</h1>
        <p className="text-[13px] text-slate-500 dark:text-slate-400">{t('subtitle')}</p>
      </div>
      <UploadPanel />
      <nav className="flex gap-1 border-b border-slate-200 dark:border-slate-800">
        {(['form', 'yaml'] as const).map((id) => (
          <button
            key={id}
            type="button"
            data-tab={id}
            onClick={() => setTab(id)}
            aria-current={tab === id ? 'page' : undefined}
            className={`-mb-px border-b-2 px-3 py-2 text-[13px] font-medium ${tab === id ? 'border-blue-600 text-blue-700 dark:text-blue-400' : 'border-transparent text-slate-600 dark:text-slate-400'}`}
          >
            {t(`vm-create:tab.${id}`)}
          </button>
        ))}
      </nav>
      {tab === 'form' ? (
        <div className="space-y-4">
          <FormSection title={t('basics.title')} field="basics">
            <div className="grid gap-3 sm:grid-cols-3">
              <Labeled label={t('common:noun.site')} field="site" errors={errors.general}>
                <Select value={s.form.site} onChange={(e) => update({ site: e.target.value })} name="site">
                  {sites.map((n) => (
                    <option key={n} value={n}>
                      {n}
                    </option>
                  ))}
                </Select>
              </Labeled>
              <Labeled label={t('common:noun.namespace')} field="namespace" errors={errors.namespace}>
                <TextInput
                  list="dv-namespaces"
                  value={s.form.namespace}
                  onChange={(e) => update({ namespace: e.target.value.trim() })}
                  name="namespace"
                />
                <datalist id="dv-namespaces">
                  {options.namespaces.map((n) => (
                    <option key={n.metadata.name} value={n.metadata.name} />
                  ))}
                </datalist>
              </Labeled>
              <Labeled label={t('common:noun.name')} field="name" errors={errors.name}>
                <TextInput
                  value={s.form.name}
                  onChange={(e) => update({ name: e.target.value.trim() })}
                  name="name"
                />
              </Labeled>
            </div>
          </FormSection>
          <DvSourceSection {...props} picked={picked} onPick={onPick} />
          <DvTargetSection {...props} image={picked?.facts} />
        </div>
      ) : (
        <div className="space-y-2" data-testid="dv-yaml">
          <p className="text-xs text-slate-500">{t('vm-create:yaml.hint')}</p>
          {s.yamlProblem && (
            <FieldErrors
              errors={[
                t('vm-create:yaml.parseError', { line: s.yamlProblem.line, message: s.yamlProblem.message }),
              ]}
            />
          )}
          {s.unsupported.length > 0 && (
            <p className="text-xs text-amber-700 dark:text-amber-400">
              {t('vm-create:yaml.unsupported', { paths: s.unsupported.join(', ') })}
            </p>
          )}
          <YamlCodeEditor
            value={s.yamlText}
            revision={s.yamlRevision}
            onChange={s.editYaml}
            markers={s.yamlProblem ? [{ line: s.yamlProblem.line, message: s.yamlProblem.message }] : []}
          />
        </div>
      )}
      {s.error && <ApiErrorMessage error={s.error} title={t('failed')} />}
      <div className="sticky bottom-0 flex items-center gap-3 border-t border-slate-200 bg-white/90 py-3 backdrop-blur dark:border-slate-800 dark:bg-slate-950/90">
        <Button
          variant="primary"
          onClick={() => void s.submit()}
          disabled={busy}
          data-testid="dv-create-submit"
        >
          {busy ? t(`phase.${s.phase}`) : t(s.form.source === 'upload' ? 'submitUpload' : 'submit')}
        </Button>
        <span className="text-xs text-slate-500">{t('dryRunNote')}</span>
      </div>
    </div>
  );
}

/** A DNS-1123 name from a file name: `Fedora-40.x86_64.qcow2` → `fedora-40-x86-64`. */
function nameFromFile(file: string): string {
  return file
    .replace(/\.(qcow2|img|raw|iso|gz|xz)$/gi, '')
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63);
}
