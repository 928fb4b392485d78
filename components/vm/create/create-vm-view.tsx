'use client';
/** /vms/new: the create-VM form with a YAML tab kept in step both ways. */
import Link from 'next/link';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '@/components/ui/button';
import { ApiErrorMessage } from '@/components/vm/actions/api-error-message';
import { YamlCodeEditor } from '@/components/vm/yaml/yaml-code-editor';
import { useSites } from '@/lib/query/sites';
import { routes } from '@/lib/routes';
import type { FormField } from '@/lib/vm/create-errors';
import { BasicsSection } from './basics-section';
import { BootSection } from './boot-section';
import { FieldErrors } from './form-controls';
import { CloudInitSection, NodeSelectorSection } from './guest-section';
import { NetworkSection } from './network-section';
import { SizingSection } from './sizing-section';
import { useCreateOptions } from './use-create-options';
import { useCreateVm } from './use-create-vm';

type Tab = 'form' | 'yaml';

export function CreateVmView({ site, namespace }: { site: string; namespace: string }) {
  const { t } = useTranslation('vm-create');
  const clusters = useSites();
  const s = useCreateVm(site, namespace);
  const [tab, setTab] = useState<Tab>('form');
  const cloneNs = s.form.boot.kind === 'clone' ? s.form.boot.sourceNamespace : '';
  const options = useCreateOptions(s.form.site, s.form.namespace, cloneNs);
  const sites = (clusters.data ?? []).map((c) => c.name);
  const firstSite = sites[0];
  const { update } = s;
  // With no ?site=, preselect the first site once the list arrives.
  useEffect(() => {
    if (!s.form.site && firstSite) update({ site: firstSite });
  }, [s.form.site, firstSite, update]);
  if (s.form.site && !sites.includes(s.form.site)) sites.unshift(s.form.site);
  const errors: Partial<Record<FormField, string[]>> = {};
  for (const [f, keys] of Object.entries(s.localErrors)) errors[f as FormField] = keys.map((k) => t(k));
  for (const [f, msgs] of Object.entries(s.clusterErrors)) errors[f as FormField] = [...(errors[f as FormField] ?? []), ...msgs];
  const props = { form: s.form, update: s.update, errors, options };
  const busy = s.phase !== 'idle';
  return (
    <div className="mx-auto max-w-4xl space-y-4 p-6" data-testid="create-vm">
      <div>
        <Link href={routes.vms(site || undefined)} className="text-xs text-blue-700 hover:underline dark:text-blue-400">
          ← {t('common:noun.vms')}
        </Link>
        <h1 className="mt-1 text-lg font-semibold text-slate-900 dark:text-slate-100">{t('title')}</h1>
        <p className="text-[13px] text-slate-500 dark:text-slate-400">{t('subtitle')}</p>
      </div>
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
            {t(`tab.${id}`)}
          </button>
        ))}
      </nav>
      {tab === 'form' ? (
        <div className="space-y-4">
          <BasicsSection {...props} sites={sites} />
          <SizingSection {...props} />
          <BootSection {...props} />
          <CloudInitSection {...props} />
          <NetworkSection {...props} />
          <NodeSelectorSection {...props} />
        </div>
      ) : (
        <div className="space-y-2" data-testid="create-yaml">
          <p className="text-xs text-slate-500">{t('yaml.hint')}</p>
          {s.yamlProblem && <FieldErrors errors={[t('yaml.parseError', { line: s.yamlProblem.line, message: s.yamlProblem.message })]} />}
          {s.unsupported.length > 0 && <p className="text-xs text-amber-700 dark:text-amber-400">{t('yaml.unsupported', { paths: s.unsupported.join(', ') })}</p>}
          <YamlCodeEditor value={s.yamlText} revision={s.yamlRevision} onChange={s.editYaml} markers={s.yamlProblem ? [{ line: s.yamlProblem.line, message: s.yamlProblem.message }] : []} />
        </div>
      )}
      {errors.general && <FieldErrors errors={errors.general} testId="error-general" />}
      {s.error && <ApiErrorMessage error={s.error} title={t('failed')} />}
      <div className="sticky bottom-0 flex items-center gap-3 border-t border-slate-200 bg-white/90 py-3 backdrop-blur dark:border-slate-800 dark:bg-slate-950/90">
        <Button variant="primary" onClick={() => void s.submit()} disabled={busy} data-testid="create-submit">
          {busy ? t(`phase.${s.phase}`) : t('common:actions.createVm')}
        </Button>
        <span className="text-xs text-slate-500">{t('dryRunNote')}</span>
      </div>
    </div>
  );
}
