'use client';
/** Modal confirmation for destructive actions, on the native <dialog> (focus trap, Esc). */
import { useEffect, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from './button';

export interface ConfirmDialogProps {
  open: boolean;
  title: string;
  children?: ReactNode;
  confirmLabel: string;
  destructive?: boolean;
  /** Keeps the confirm button off (e.g. while a pre-flight check fails). */
  confirmDisabled?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}

export function ConfirmDialog({ open, title, children, confirmLabel, destructive, confirmDisabled, onConfirm, onCancel }: ConfirmDialogProps) {
  const { t } = useTranslation('common');
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      onCancel={(e) => {
        e.preventDefault();
        onCancel();
      }}
      className="m-auto w-[28rem] max-w-[calc(100vw-2rem)] rounded-lg bg-white p-0 text-slate-900 shadow-2xl ring-1 ring-slate-900/10 backdrop:bg-slate-950/50 dark:bg-slate-900 dark:text-slate-100 dark:ring-slate-700"
    >
      <div className="px-5 pt-4 pb-3">
        <h2 className="text-sm font-semibold">{title}</h2>
        <div className="mt-2 text-[13px] leading-5 text-slate-600 dark:text-slate-400">{children}</div>
      </div>
      <div className="flex justify-end gap-2 border-t border-slate-200 bg-slate-50 px-5 py-3 dark:border-slate-800 dark:bg-slate-950/40">
        <Button onClick={onCancel}>{t('actions.cancel')}</Button>
        <Button variant={destructive ? 'danger' : 'primary'} onClick={onConfirm} disabled={confirmDisabled} autoFocus>
          {confirmLabel}
        </Button>
      </div>
    </dialog>
  );
}
