'use client';
/** Labelled inputs for the create form, with the field's errors underneath. */
import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes } from 'react';

export const INPUT =
  'block w-full rounded-md border-0 bg-white px-2.5 py-1.5 text-[13px] text-slate-900 shadow-sm ring-1 ring-inset ring-slate-300 placeholder:text-slate-400 focus:ring-2 focus:ring-blue-600 dark:bg-slate-950 dark:text-slate-100 dark:ring-slate-700';

export function FieldErrors({ errors, testId }: { errors?: string[]; testId?: string }) {
  if (!errors?.length) return null;
  return (
    <ul className="mt-1 space-y-0.5 text-xs text-red-700 dark:text-red-400" role="alert" data-testid={testId}>
      {errors.map((e, i) => (
        <li key={i}>{e}</li>
      ))}
    </ul>
  );
}

export function Labeled({ label, hint, errors, children, field }: { label: string; hint?: ReactNode; errors?: string[]; children: ReactNode; field?: string }) {
  return (
    <label className="block" data-field={field}>
      <span className="mb-1 block text-xs font-medium text-slate-700 dark:text-slate-300">{label}</span>
      {children}
      {hint && <span className="mt-1 block text-xs text-slate-500 dark:text-slate-400">{hint}</span>}
      <FieldErrors errors={errors} testId={field ? `error-${field}` : undefined} />
    </label>
  );
}

export function TextInput(props: InputHTMLAttributes<HTMLInputElement>) {
  return <input {...props} className={`${INPUT} ${props.className ?? ''}`} />;
}

export function Select(props: SelectHTMLAttributes<HTMLSelectElement>) {
  return <select {...props} className={`${INPUT} ${props.className ?? ''}`} />;
}

/** A titled group of fields. */
export function FormSection({ title, description, children, errors, field }: { title: string; description?: ReactNode; children: ReactNode; errors?: string[]; field?: string }) {
  return (
    <fieldset className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm dark:border-slate-800 dark:bg-slate-900" data-section={field}>
      <legend className="px-1 text-[13px] font-semibold text-slate-900 dark:text-slate-100">{title}</legend>
      {description && <p className="mb-3 text-xs text-slate-500 dark:text-slate-400">{description}</p>}
      <div className="space-y-3">{children}</div>
      <FieldErrors errors={errors} testId={field ? `error-${field}` : undefined} />
    </fieldset>
  );
}

/** A radio choice with a label and an explanation. */
export function Choice({ name, checked, onChange, label, hint, value }: { name: string; checked: boolean; onChange(): void; label: string; hint?: string; value: string }) {
  return (
    <label className="flex cursor-pointer items-start gap-2 text-[13px]">
      <input type="radio" name={name} value={value} checked={checked} onChange={onChange} className="mt-0.5" />
      <span>
        <span className="font-medium text-slate-900 dark:text-slate-100">{label}</span>
        {hint && <span className="block text-xs text-slate-500 dark:text-slate-400">{hint}</span>}
      </span>
    </label>
  );
}

/** The site an object is made on; fixed once it exists. */
export function SiteSelect(p: { label: string; name: string; sites: string[]; value: string; disabled: boolean; onChange: (site: string) => void }) {
  return (
    <Labeled label={p.label}>
      <Select name={p.name} value={p.value} disabled={p.disabled} onChange={(e) => p.onChange(e.target.value)}>
        {p.sites.map((s) => (
          <option key={s} value={s}>
            {s}
          </option>
        ))}
      </Select>
    </Labeled>
  );
}
