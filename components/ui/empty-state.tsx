/** A centred, honest message for "nothing here" states. */
import type { ReactNode } from 'react';

export function EmptyState({ icon, title, children, actions }: { icon?: ReactNode; title: string; children?: ReactNode; actions?: ReactNode }) {
  return (
    <div className="mx-auto flex max-w-xl flex-col items-center px-6 py-16 text-center">
      {icon && <div className="mb-4 rounded-full bg-slate-100 p-3 text-slate-500 dark:bg-slate-800 dark:text-slate-400">{icon}</div>}
      <h2 className="text-base font-semibold text-slate-900 dark:text-slate-100">{title}</h2>
      {children && <div className="mt-2 text-sm leading-6 text-slate-600 dark:text-slate-400">{children}</div>}
      {actions && <div className="mt-5 flex gap-2">{actions}</div>}
    </div>
  );
}
