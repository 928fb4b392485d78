'use client';
/** /datavolumes/new: the import wizard, one form with a YAML tab kept in step both ways. */
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { ApiErrorMessage } from '@/components/vm/actions/api-error-message';
import { FieldErrors, FormSection, Labeled, Select, TextInput } from '@/components/vm/create/form-controls';
import { YamlCodeEditor } from '@/components/vm/yaml/yaml-code-editor';
import { dvCopy, type DvCopy } from '@/lib/datavolume/dv-copy';
import type { DvForm } from '@/lib/datavolume/dv-create';
import type { DvFormField } from '@/lib/datavolume/dv-create-errors';
import { sizeRequestFor } from '@/lib/datavolume/qcow2-header';
import { useK8sObject } from '@/lib/k8s/hooks/use-k8s-list';
import { DV_GVR, type DataVolume } from '@/lib/k8s/resources/datavolume';
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

/** Another site's DataVolume whose source the wizard repeats here (the cross-site pre-flight's offer). */
export interface DvCopyOf {
  site: string;
  namespace: string;
  name: string;
}

export function DvCreateView({ site, namespace, copyOf }: { site: string; namespace: string; copyOf?: DvCopyOf }) {
  return copyOf ? (
    <DvCopyLoader site={site} namespace={namespace} from={copyOf} />
  ) : (
    <DvCreateForm site={site} namespace={namespace} />
  );
}

/** Reads the DataVolume to copy, then opens the wizard on its copy (read once: later edits stay). */
function DvCopyLoader({ site, namespace, from }: { site: string; namespace: string; from: DvCopyOf }) {
  const { t } = useTranslation('dv-create');
  const src = useK8sObject<DataVolume>(from.site, DV_GVR, from.namespace, from.name);
  const [copy, setCopy] = useState<DvCopy | undefined>();
  useEffect(() => {
    if (src.object && !copy) setCopy(dvCopy(src.object, namespace || from.namespace));
  }, [src.object, copy, namespace, from.namespace]);
  if (copy) return <DvCreateForm site={site} namespace={namespace} copied={{ from, copy }} />;
  return (
    <div className="p-6">
      {src.notFound ? (
        <EmptyState title={t('copy.notFound', { ...from })}>{t('copy.notFoundBody', { ...from })}</EmptyState>
      ) : (
        <p role="status" className="text-[13px] text-slate-500">
          {src.snapshot.error?.message ?? t('common:state.loading')}
        </p>
      )}
    </div>
  );
}

function DvCreateForm({
  site,
  namespace,
  copied,
}: {
  site: string;
  namespace: string;
  copied?: { from: DvCopyOf; copy: DvCopy };
}) {
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
  const s = useDvCreate(site, namespace, afterCreate, copied?.copy.copy);
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
      {copied && (
        <p
          className="rounded bg-blue-50 px-3 py-2 text-[13px] text-blue-900 dark:bg-blue-950/40 dark:text-blue-200"
          data-testid="dv-copy-of"
        >
          {t('copy.banner', { ...copied.from })}
          {copied.copy.notRepeatable && ` ${t(`copy.${copied.copy.notRepeatable}`, { ...copied.from })}`}
        </p>
      )}
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
