'use client';
/** The file of an Upload source; its qcow2 header is read here to suggest the disk's size. */
import { useTranslation } from 'react-i18next';
import { FieldErrors } from '@/components/vm/create/form-controls';
import { HEADER_BYTES, readImageHeader, type ImageFacts } from '@/lib/datavolume/qcow2-header';
import { formatBytes } from '@/lib/k8s/quantity';

export interface PickedImage {
  file: File;
  facts: ImageFacts;
}

export async function inspectImage(file: File): Promise<PickedImage> {
  const head = new Uint8Array(await file.slice(0, HEADER_BYTES).arrayBuffer());
  return { file, facts: readImageHeader(head, file.size) };
}

export function DvFilePicker({
  picked,
  onPick,
  errors,
}: {
  picked?: PickedImage;
  onPick(p: PickedImage | undefined): void;
  errors?: string[];
}) {
  const { t } = useTranslation('dv-create');
  return (
    <div data-field="file">
      <input
        type="file"
        name="file"
        data-testid="dv-file"
        className="block text-[13px]"
        onChange={(e) => {
          const f = e.target.files?.[0];
          if (!f) return onPick(undefined);
          void inspectImage(f).then(onPick);
        }}
      />
      {picked && (
        <p className="mt-1 text-xs text-slate-600 dark:text-slate-400" data-testid="dv-file-facts">
          {t('source.fileFacts', {
            name: picked.file.name,
            size: formatBytes(picked.file.size),
            format: picked.facts.format,
            virtual: formatBytes(picked.facts.virtualSize),
          })}
        </p>
      )}
      <FieldErrors errors={errors} testId="error-file" />
    </div>
  );
}
