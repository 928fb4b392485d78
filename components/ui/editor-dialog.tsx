'use client';
/**
 * The modal an object editor opens in (a MigrationPolicy, a NetworkAttachmentDefinition): title,
 * the fields, the server's refusal when there is one, Cancel and Save.
 */
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from './button';

export function EditorDialog(p: {
  testId: string;
  saveTestId: string;
  title: string;
  busy: boolean;
  onClose: () => void;
  onSave: () => void;
  /** The refusal, shown above the buttons. */
  error?: ReactNode;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <div
      role="dialog"
      aria-modal="true"
      className="fixed inset-0 z-40 flex items-start justify-center overflow-auto bg-slate-900/40 p-8"
      data-testid={p.testId}
    >
      <div className="w-full max-w-xl space-y-3 rounded-lg bg-white p-5 shadow-xl dark:bg-slate-900">
        <h2 className="text-[15px] font-semibold text-slate-900 dark:text-slate-100">{p.title}</h2>
        {p.children}
        {p.error}
        <div className="flex justify-end gap-2">
          <Button onClick={p.onClose}>{t('common:actions.cancel')}</Button>
          <Button variant="primary" disabled={p.busy} onClick={p.onSave} data-testid={p.saveTestId}>
            {t('common:actions.save')}
          </Button>
        </div>
      </div>
    </div>
  );
}
