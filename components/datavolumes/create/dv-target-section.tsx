'use client';
/**
 * The disk CDI makes (`storage` API): size with the hint from the image and CDI's filesystem
 * overhead, the site's storage classes with their StorageProfile defaults, access and volume mode
 * in words, and the immediate-bind annotation for WaitForFirstConsumer classes.
 */
import { useTranslation } from 'react-i18next';
import { Button } from '@/components/ui/button';
import { FormSection, Labeled, Select, TextInput } from '@/components/vm/create/form-controls';
import { ACCESS_MODES, type AccessMode, type VolumeMode } from '@/lib/datavolume/dv-create';
import { claimWithOverhead, sizeRequestFor, type ImageFacts } from '@/lib/datavolume/qcow2-header';
import { filesystemOverhead } from '@/lib/k8s/resources/cdi-config';
import { formatBytes, parseQuantity } from '@/lib/k8s/quantity';
import { defaultStorageClass } from '@/lib/k8s/resources/storage-class';
import { profileDefaults } from '@/lib/k8s/resources/storage-profile';
import type { DvSectionProps } from './section-props';

/** The size field in bytes, or undefined while it is not a positive quantity. */
function bytesOf(size: string): number | undefined {
  try {
    const n = parseQuantity(size);
    return n > 0 ? n : undefined;
  } catch {
    return undefined;
  }
}

export function DvTargetSection({
  form,
  update,
  errors,
  options,
  image,
}: DvSectionProps & { image?: ImageFacts }) {
  const { t } = useTranslation('dv-create');
  const def = defaultStorageClass(options.storageClasses);
  const className = form.storageClassName || def?.metadata.name;
  const sc = options.storageClasses.find((c) => c.metadata.name === className);
  const profile = profileDefaults(options.profiles.find((p) => p.metadata.name === className));
  const wffc = sc?.volumeBindingMode === 'WaitForFirstConsumer';
  const overhead = filesystemOverhead(options.cdiConfig, className);
  const volumeMode = form.volumeMode || profile?.volumeMode || 'Filesystem';
  const suggested = image ? sizeRequestFor(image.virtualSize) : undefined;
  const requested = bytesOf(form.size);
  return (
    <FormSection title={t('target.title')} description={t('target.description')} field="target">
      <div className="grid gap-3 sm:grid-cols-2">
        <Labeled
          label={t('target.size')}
          field="size"
          errors={errors.size}
          hint={
            image
              ? t('target.sizeHint', { virtual: formatBytes(image.virtualSize), size: suggested })
              : undefined
          }
        >
          <div className="flex gap-2">
            <TextInput
              value={form.size}
              onChange={(e) => update({ size: e.target.value.trim() })}
              name="size"
            />
            {suggested && suggested !== form.size && (
              <Button
                variant="secondary"
                onClick={() => update({ size: suggested })}
                data-testid="dv-use-size"
              >
                {t('target.useSize', { size: suggested })}
              </Button>
            )}
          </div>
        </Labeled>
        <Labeled
          label={t('target.storageClass')}
          field="storageClass"
          errors={errors.storageClass}
          hint={
            sc
              ? t(`target.binding.${wffc ? 'wffc' : 'immediate'}`, { provisioner: sc.provisioner ?? '' })
              : undefined
          }
        >
          <Select
            value={form.storageClassName}
            onChange={(e) => update({ storageClassName: e.target.value })}
            name="storageClass"
          >
            <option value="">
              {def
                ? t('vm-create:boot.defaultClassNamed', { name: def.metadata.name })
                : t('vm-create:boot.defaultClass')}
            </option>
            {options.storageClasses.map((c) => (
              <option key={c.metadata.name} value={c.metadata.name}>
                {c.metadata.name}
              </option>
            ))}
          </Select>
        </Labeled>
        <Labeled
          label={t('target.accessMode')}
          field="accessMode"
          errors={errors.accessMode}
          hint={t(`target.access.${form.accessMode || profile?.accessModes?.[0] || 'ReadWriteOnce'}Hint`)}
        >
          <Select
            value={form.accessMode}
            onChange={(e) => update({ accessMode: e.target.value as AccessMode })}
            name="accessMode"
          >
            <option value="">
              {profile?.accessModes?.[0]
                ? t('target.fromProfileNamed', { value: profile.accessModes[0] })
                : t('target.fromProfile')}
            </option>
            {ACCESS_MODES.map((m) => (
              <option key={m} value={m}>
                {m}
              </option>
            ))}
          </Select>
        </Labeled>
        <Labeled
          label={t('target.volumeMode')}
          field="volumeMode"
          errors={errors.volumeMode}
          hint={t(`target.volume.${volumeMode}Hint`, { percent: (overhead * 100).toFixed(1) })}
        >
          <Select
            value={form.volumeMode}
            onChange={(e) => update({ volumeMode: e.target.value as VolumeMode })}
            name="volumeMode"
          >
            <option value="">
              {profile?.volumeMode
                ? t('target.fromProfileNamed', { value: profile.volumeMode })
                : t('target.fromProfile')}
            </option>
            <option value="Filesystem">Filesystem</option>
            <option value="Block">Block</option>
          </Select>
        </Labeled>
      </div>
      {requested !== undefined && volumeMode === 'Filesystem' && (
        <p className="text-xs text-slate-600 dark:text-slate-400" data-testid="dv-claim-estimate">
          {t('target.claimEstimate', {
            claim: formatBytes(claimWithOverhead(requested, overhead)),
            size: form.size.trim(),
            percent: (overhead * 100).toFixed(1),
          })}
        </p>
      )}
      <label className="flex items-start gap-2 text-[13px]">
        <input
          type="checkbox"
          checked={form.bindImmediate}
          onChange={(e) => update({ bindImmediate: e.target.checked })}
          name="bindImmediate"
          className="mt-0.5"
        />
        <span>
          <span className="font-medium text-slate-900 dark:text-slate-100">{t('target.bindImmediate')}</span>
          <span className="block text-xs text-slate-500 dark:text-slate-400">
            {t(wffc ? 'target.bindImmediateWffc' : 'target.bindImmediateHint')}
          </span>
        </span>
      </label>
    </FormSection>
  );
}
