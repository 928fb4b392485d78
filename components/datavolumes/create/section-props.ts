import type { DvForm } from '@/lib/datavolume/dv-create';
import type { DvFormField } from '@/lib/datavolume/dv-create-errors';
import type { DvOptions } from './use-dv-options';

/** What every import wizard section receives. */
export interface DvSectionProps {
  form: DvForm;
  update(patch: Partial<DvForm>): void;
  errors: Partial<Record<DvFormField, string[]>>;
  options: DvOptions;
}
