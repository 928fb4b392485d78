'use client';
import { useTranslation } from 'react-i18next';
import { defaultStorageClass } from '@/lib/k8s/resources/storage-class';
import type { BootSource } from '@/lib/vm/create';
import { Choice, FormSection, Labeled, Select, TextInput } from './form-controls';
import type { SectionProps } from './section-types';

const KINDS: BootSource['kind'][] = ['containerDisk', 'pvc', 'http', 'clone'];

function initial(kind: BootSource['kind'], namespace: string): BootSource {
  switch (kind) {
    case 'containerDisk':
      return { kind, image: 'quay.io/containerdisks/fedora:latest' };
    case 'pvc':
      return { kind, claimName: '' };
    case 'http':
      return { kind, url: '', size: '10Gi', storageClassName: '' };
    case 'clone':
      return { kind, sourceNamespace: namespace, sourceName: '', size: '10Gi', storageClassName: '' };
  }
}

function StorageFields({ boot, set, options }: { boot: Extract<BootSource, { size: string }>; set(b: BootSource): void; options: SectionProps['options'] }) {
  const { t } = useTranslation('vm-create');
  const def = defaultStorageClass(options.storageClasses)?.metadata.name;
  return (
    <div className="grid gap-3 sm:grid-cols-2">
      <Labeled label={t('boot.size')} field="bootSize">
        <TextInput value={boot.size} onChange={(e) => set({ ...boot, size: e.target.value.trim() })} name="bootSize" />
      </Labeled>
      <Labeled label={t('boot.storageClass')} field="storageClass">
        <Select value={boot.storageClassName} onChange={(e) => set({ ...boot, storageClassName: e.target.value })} name="storageClass">
          <option value="">{def ? t('boot.defaultClassNamed', { name: def }) : t('boot.defaultClass')}</option>
          {options.storageClasses.map((sc) => (
            <option key={sc.metadata.name} value={sc.metadata.name}>
              {sc.metadata.name}
            </option>
          ))}
        </Select>
      </Labeled>
    </div>
  );
}

/** Container disk, existing PVC, new DataVolume from a URL, or a clone of a PVC. */
export function BootSection({ form, update, errors, options }: SectionProps) {
  const { t } = useTranslation('vm-create');
  const b = form.boot;
  const set = (boot: BootSource) => update({ boot });
  return (
    <FormSection title={t('boot.title')} field="boot" errors={errors.boot}>
      <div className="grid gap-2 sm:grid-cols-2">
        {KINDS.map((k) => (
          <Choice key={k} name="bootKind" value={k} checked={b.kind === k} onChange={() => set(initial(k, form.namespace))} label={t(`boot.kind.${k}`)} hint={t(`boot.hint.${k}`)} />
        ))}
      </div>
      {b.kind === 'containerDisk' && (
        <Labeled label={t('boot.image')} field="image">
          <TextInput value={b.image} onChange={(e) => set({ ...b, image: e.target.value.trim() })} name="image" />
        </Labeled>
      )}
      {b.kind === 'pvc' && (
        <Labeled label={t('boot.pvc')} field="pvc" hint={options.pvcs.length ? undefined : t('boot.noPvcs', { namespace: form.namespace })}>
          <TextInput list="pvc-options" value={b.claimName} onChange={(e) => set({ ...b, claimName: e.target.value.trim() })} name="pvc" />
          <datalist id="pvc-options">
            {options.pvcs.map((p) => (
              <option key={p.metadata.name} value={p.metadata.name}>
                {p.status?.capacity?.storage ?? ''}
              </option>
            ))}
          </datalist>
        </Labeled>
      )}
      {b.kind === 'http' && (
        <>
          <Labeled label={t('boot.url')} field="url" hint={t('boot.urlHint')}>
            <TextInput value={b.url} onChange={(e) => set({ ...b, url: e.target.value.trim() })} name="url" placeholder="https://…/disk.qcow2" />
          </Labeled>
          <StorageFields boot={b} set={set} options={options} />
        </>
      )}
      {b.kind === 'clone' && (
        <>
          <div className="grid gap-3 sm:grid-cols-2">
            <Labeled label={t('boot.cloneNamespace')} field="cloneNamespace">
              <TextInput value={b.sourceNamespace} onChange={(e) => set({ ...b, sourceNamespace: e.target.value.trim() })} name="cloneNamespace" />
            </Labeled>
            <Labeled label={t('boot.clonePvc')} field="clonePvc">
              <TextInput list="clone-options" value={b.sourceName} onChange={(e) => set({ ...b, sourceName: e.target.value.trim() })} name="clonePvc" />
              <datalist id="clone-options">
                {options.cloneSourcePvcs.map((p) => (
                  <option key={p.metadata.name} value={p.metadata.name} />
                ))}
              </datalist>
            </Labeled>
          </div>
          <StorageFields boot={b} set={set} options={options} />
        </>
      )}
    </FormSection>
  );
}
