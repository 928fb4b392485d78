'use client';
/**
 * Create or edit a NAD: a form for the common types (bridge + VLAN, macvlan, SR-IOV, OVN
 * localnet) and YAML for the rest. The server's refusal (a viewer's 403, a 409 on a stale edit,
 * an invalid config) is shown as it answered and the text typed is kept.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { parse, stringify } from 'yaml';
import { ApiErrorMessage } from '@/components/vm/actions/api-error-message';
import { EditorDialog } from '@/components/ui/editor-dialog';
import { Labeled, Select, SiteSelect, TextInput } from '@/components/vm/create/form-controls';
import { createObject, replaceObject } from '@/lib/k8s/client';
import { NAD_GVR, type NetworkAttachmentDefinition } from '@/lib/k8s/resources/network-attachment-definition';
import { nadFromForm, summarizeNad, type NadFormValues } from '@/lib/network/nad-config';

const KINDS = ['bridge', 'macvlan', 'sriov', 'localnet'] as const;

function valuesOf(site: string, nad: NetworkAttachmentDefinition | undefined): NadFormValues | undefined {
  const base: NadFormValues = {
    site,
    namespace: 'default',
    name: '',
    kind: 'bridge',
    bridge: 'br1',
    master: 'eth1',
    vlan: '',
    resourceName: 'intel.com/sriov_netdevice',
  };
  if (!nad) return base;
  const s = summarizeNad(nad);
  if (!(KINDS as readonly string[]).includes(s.kind)) return undefined;
  return {
    ...base,
    namespace: nad.metadata.namespace ?? 'default',
    name: nad.metadata.name ?? '',
    kind: s.kind as NadFormValues['kind'],
    bridge: s.kind === 'localnet' ? (s.physicalNetwork ?? '') : (s.bridge ?? ''),
    master: s.master ?? '',
    vlan: s.vlan !== undefined ? String(s.vlan) : '',
    resourceName: s.resourceName ?? '',
  };
}

export function NadEditor({
  sites,
  site,
  nad,
  onClose,
}: {
  sites: string[];
  site: string;
  nad?: NetworkAttachmentDefinition;
  onClose(): void;
}) {
  const { t } = useTranslation('network');
  const initial = valuesOf(site, nad);
  const [values, setValues] = useState<NadFormValues>(initial ?? valuesOf(site, undefined)!);
  const [tab, setTab] = useState<'form' | 'yaml'>(initial ? 'form' : 'yaml');
  const [yamlText, setYamlText] = useState(() => stringify(nad ?? nadFromForm(values)));
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const set = (p: Partial<NadFormValues>) => setValues((v) => ({ ...v, ...p }));
  const objectToSave = (): NetworkAttachmentDefinition => {
    if (tab === 'yaml') return parse(yamlText) as NetworkAttachmentDefinition;
    const built = nadFromForm(values);
    // An edit keeps everything else of the object, and its resourceVersion (a stale one is a 409).
    return nad
      ? {
          ...nad,
          metadata: {
            ...nad.metadata,
            annotations: { ...(nad.metadata.annotations ?? {}), ...(built.metadata.annotations ?? {}) },
          },
          spec: built.spec,
        }
      : built;
  };
  const save = async () => {
    setError(undefined);
    setBusy(true);
    try {
      const obj = objectToSave();
      if (nad)
        await replaceObject(
          values.site,
          NAD_GVR,
          { namespace: nad.metadata.namespace, name: nad.metadata.name ?? '' },
          obj,
        );
      else await createObject(values.site, NAD_GVR, obj);
      onClose();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const switchTab = (to: 'form' | 'yaml') => {
    if (to === 'yaml' && tab === 'form') setYamlText(stringify(objectToSave()));
    setTab(to);
  };
  return (
    <EditorDialog
      testId="nad-editor"
      saveTestId="nad-save"
      title={nad ? t('page.editTitle', { name: nad.metadata.name }) : t('page.createTitle')}
      busy={busy}
      onClose={onClose}
      onSave={() => void save()}
      error={error !== undefined && <ApiErrorMessage error={error} title={t('page.saveFailed')} />}
    >
      <nav className="flex gap-1 border-b border-slate-200 dark:border-slate-800">
        {(['form', 'yaml'] as const).map((id) => (
          <button
            key={id}
            type="button"
            data-tab={id}
            disabled={id === 'form' && !initial}
            onClick={() => switchTab(id)}
            className={`-mb-px border-b-2 px-3 py-1.5 text-[13px] disabled:opacity-40 ${tab === id ? 'border-blue-600 text-blue-700' : 'border-transparent text-slate-600'}`}
          >
            {t(`page.tab.${id}`)}
          </button>
        ))}
      </nav>
      {tab === 'form' ? (
        <div className="grid grid-cols-2 gap-3">
          <SiteSelect
            label={t('common:noun.site')}
            name="nad-site"
            sites={sites}
            value={values.site}
            disabled={!!nad}
            onChange={(site) => set({ site })}
          />
          <Labeled label={t('common:noun.namespace')}>
            <TextInput
              name="nad-namespace"
              value={values.namespace}
              disabled={!!nad}
              onChange={(e) => set({ namespace: e.target.value.trim() })}
            />
          </Labeled>
          <Labeled label={t('common:noun.name')}>
            <TextInput
              name="nad-name"
              value={values.name}
              disabled={!!nad}
              onChange={(e) => set({ name: e.target.value.trim() })}
            />
          </Labeled>
          <Labeled label={t('common:noun.type')}>
            <Select
              name="nad-kind"
              value={values.kind}
              onChange={(e) => set({ kind: e.target.value as NadFormValues['kind'] })}
            >
              {KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(`page.kind.${k}`)}
                </option>
              ))}
            </Select>
          </Labeled>
          {(values.kind === 'bridge' || values.kind === 'localnet') && (
            <Labeled
              label={values.kind === 'bridge' ? t('page.field.bridge') : t('page.field.physicalNetwork')}
            >
              <TextInput
                name="nad-bridge"
                value={values.bridge}
                onChange={(e) => set({ bridge: e.target.value.trim() })}
              />
            </Labeled>
          )}
          {values.kind === 'macvlan' && (
            <Labeled label={t('page.field.master')}>
              <TextInput
                name="nad-master"
                value={values.master}
                onChange={(e) => set({ master: e.target.value.trim() })}
              />
            </Labeled>
          )}
          {values.kind === 'sriov' && (
            <Labeled label={t('page.field.resourceName')}>
              <TextInput
                name="nad-resource"
                value={values.resourceName}
                onChange={(e) => set({ resourceName: e.target.value.trim() })}
              />
            </Labeled>
          )}
          {values.kind !== 'macvlan' && (
            <Labeled label={t('page.field.vlan')}>
              <TextInput
                name="nad-vlan"
                inputMode="numeric"
                value={values.vlan}
                onChange={(e) => set({ vlan: e.target.value.replace(/\D/g, '') })}
              />
            </Labeled>
          )}
        </div>
      ) : (
        <textarea
          name="nad-yaml"
          value={yamlText}
          onChange={(e) => setYamlText(e.target.value)}
          spellCheck={false}
          rows={16}
          className="block w-full rounded-md border border-slate-300 p-2 font-mono text-xs dark:border-slate-700 dark:bg-slate-950"
        />
      )}
    </EditorDialog>
  );
}
