import type { FormField } from '@/lib/vm/create-errors';
import type { VmForm } from '@/lib/vm/create';
import type { CreateOptions } from './use-create-options';

/** What every create-form section receives. */
export interface SectionProps {
  form: VmForm;
  update(patch: Partial<VmForm>): void;
  errors: Partial<Record<FormField, string[]>>;
  options: CreateOptions;
}
