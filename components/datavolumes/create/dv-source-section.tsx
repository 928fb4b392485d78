'use client';
/** Where the disk comes from: a file, an HTTP(S) URL, a registry image, a PVC to clone, or blank. */
import { useTranslation } from 'react-i18next';
import { Choice, FormSection, Labeled, Select, TextInput } from '@/components/vm/create/form-controls';
import { DV_SOURCE_KINDS } from '@/lib/datavolume/dv-create';
import { DvFilePicker, type PickedImage } from './dv-file-picker';
import type { DvSectionProps } from './section-props';

export function DvSourceSection({
  form,
  update,
  errors,
  options,
  picked,
  onPick,
}: DvSectionProps & { picked?: PickedImage; onPick(p: PickedImage | undefined): void }) {
  const { t } = useTranslation('dv-create');
  return (
    <FormSection title={t('source.title')} field="source" errors={errors.source}>
      <div className="grid gap-2 sm:grid-cols-3">
        {DV_SOURCE_KINDS.map((k) => (
          <Choice
            key={k}
            name="sourceKind"
            value={k}
            checked={form.source === k}
            onChange={() => update({ source: k })}
            label={t(`source.kind.${k}`)}
            hint={t(`source.hint.${k}`)}
          />
        ))}
      </div>
      {form.source === 'upload' && <DvFilePicker picked={picked} onPick={onPick} errors={errors.file} />}
      {form.source === 'http' && (
        <>
          <Labeled label={t('source.url')} field="url" hint={t('source.urlHint')}>
            <TextInput
              value={form.url}
              onChange={(e) => update({ url: e.target.value.trim() })}
              name="url"
              placeholder="https://…/disk.qcow2"
            />
          </Labeled>
          <Labeled label={t('source.sha256')} field="sha256" hint={t('source.sha256Hint')}>
            <TextInput
              value={form.sha256}
              onChange={(e) => update({ sha256: e.target.value.trim().toLowerCase() })}
              name="sha256"
              className="font-mono"
            />
          </Labeled>
          <div className="grid gap-3 sm:grid-cols-2">
            <Labeled label={t('source.secret')} field="secretRef" hint={t('source.secretHint')}>
              <TextInput
                value={form.secretRef}
                onChange={(e) => update({ secretRef: e.target.value.trim() })}
                name="secretRef"
              />
            </Labeled>
            <Labeled label={t('source.caConfigMap')} field="certConfigMap" hint={t('source.caConfigMapHint')}>
              <TextInput
                value={form.certConfigMap}
                onChange={(e) => update({ certConfigMap: e.target.value.trim() })}
                name="certConfigMap"
              />
            </Labeled>
          </div>
        </>
      )}
      {form.source === 'registry' && (
        <div className="grid gap-3 sm:grid-cols-[2fr_1fr]">
          <Labeled label={t('source.image')} field="registryUrl" hint={t('source.imageHint')}>
            <TextInput
              value={form.registryUrl}
              onChange={(e) => update({ registryUrl: e.target.value.trim() })}
              name="registryUrl"
            />
          </Labeled>
          <Labeled
            label={t('source.pullMethod')}
            field="pullMethod"
            hint={t(`source.pull.${form.pullMethod}Hint`)}
          >
            <Select
              value={form.pullMethod}
              onChange={(e) => update({ pullMethod: e.target.value === 'node' ? 'node' : 'pod' })}
              name="pullMethod"
            >
              <option value="pod">{t('source.pull.pod')}</option>
              <option value="node">{t('source.pull.node')}</option>
            </Select>
          </Labeled>
        </div>
      )}
      {form.source === 'clone' && (
        <div className="grid gap-3 sm:grid-cols-2">
          <Labeled label={t('source.cloneNamespace')} field="cloneNamespace">
            <TextInput
              list="dv-clone-namespaces"
              value={form.cloneNamespace}
              onChange={(e) => update({ cloneNamespace: e.target.value.trim() })}
              name="cloneNamespace"
            />
            <datalist id="dv-clone-namespaces">
              {options.namespaces.map((n) => (
                <option key={n.metadata.name} value={n.metadata.name} />
              ))}
            </datalist>
          </Labeled>
          <Labeled
            label={t('source.clonePvc')}
            field="clonePvc"
            hint={
              options.clonePvcs.length ? undefined : t('source.noPvcs', { namespace: form.cloneNamespace })
            }
          >
            <TextInput
              list="dv-clone-pvcs"
              value={form.cloneName}
              onChange={(e) => update({ cloneName: e.target.value.trim() })}
              name="clonePvc"
            />
            <datalist id="dv-clone-pvcs">
              {options.clonePvcs.map((p) => (
                <option key={p.metadata.name} value={p.metadata.name}>
                  {p.status?.capacity?.storage ?? ''}
                </option>
              ))}
            </datalist>
          </Labeled>
        </div>
      )}
    </FormSection>
  );
}
