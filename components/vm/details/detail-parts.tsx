'use client';
/** Small layout pieces shared by the detail tabs. */
import type { ReactNode } from 'react';

/** A titled panel. */
export function Section({
  title,
  children,
  actions,
  testId,
}: {
  title: string;
  children: ReactNode;
  actions?: ReactNode;
  testId?: string;
}) {
  return (
    <section
      data-testid={testId}
      className="rounded-lg border border-slate-200 bg-white shadow-sm dark:border-slate-800 dark:bg-slate-900"
    >
      <header className="flex items-center justify-between border-b border-slate-200 px-4 py-2.5 dark:border-slate-800">
        <h2 className="text-[13px] font-semibold text-slate-900 dark:text-slate-100">{title}</h2>
        {actions}
      </header>
      <div className="p-4">{children}</div>
    </section>
  );
}

/** One term/definition row of a description list. */
export function Field({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <div className="grid grid-cols-[10rem_1fr] gap-3 py-1.5 text-[13px]" data-testid={testId}>
      <dt className="text-slate-500 dark:text-slate-400">{label}</dt>
      <dd className="min-w-0 break-words text-slate-900 dark:text-slate-100">{children}</dd>
    </div>
  );
}

/** A compact table with a header row. */
export function Table({ head, children, testId }: { head: string[]; children: ReactNode; testId?: string }) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-[13px]" data-testid={testId}>
        <thead>
          <tr className="border-b border-slate-200 text-xs text-slate-500 dark:border-slate-800 dark:text-slate-400">
            {head.map((h) => (
              <th key={h} className="px-2 py-1.5 font-medium">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 dark:divide-slate-800">{children}</tbody>
      </table>
    </div>
  );
}

export const TD = 'px-2 py-1.5 align-top text-slate-800 dark:text-slate-200';

/** "—" for a missing value, in the muted colour. */
export function Dash() {
  return <span className="text-slate-400 dark:text-slate-500">—</span>;
}

/** A `key=value` chip (labels, node selectors). */
export function Chip({ children }: { children: ReactNode }) {
  return (
    <span
      translate="no"
      className="mr-1 mb-1 inline-block rounded bg-slate-100 px-1.5 py-0.5 font-mono text-[11px] text-slate-700 dark:bg-slate-800 dark:text-slate-300"
    >
      {children}
    </span>
  );
}

/** Condition status as a coloured word. */
export function ConditionStatus({ status }: { status: string }) {
  const tone =
    status === 'True'
      ? 'text-emerald-700 dark:text-emerald-400'
      : status === 'False'
        ? 'text-amber-700 dark:text-amber-400'
        : 'text-slate-500';
  return (
    <span translate="no" className={`font-medium ${tone}`}>
      {status}
    </span>
  );
}
