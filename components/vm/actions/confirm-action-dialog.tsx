'use client';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { buttonClasses } from '@/components/ui/button';
import type { VmActionId } from '@/lib/vm/actions';

export interface ConfirmActionDialogProps {
  action: VmActionId;
  vmName: string;
  busy: boolean;
  onConfirm(): void;
  onCancel(): void;
}

/** Confirmation for destructive actions; deleting asks the user to type the VM's name. */
export function ConfirmActionDialog({ action, vmName, busy, onConfirm, onCancel }: ConfirmActionDialogProps) {
  const { t } = useTranslation('vm-details');
  const [typed, setTyped] = useState('');
  const needsName = action === 'delete';
  const ok = !needsName || typed === vmName;
  return (
    <div className="fixed inset-0 z-40 flex items-center justify-center bg-black/50 p-4" data-testid="confirm-dialog">
      <div role="alertdialog" aria-labelledby="confirm-title" className="w-full max-w-md rounded-lg bg-white p-5 shadow-xl dark:bg-slate-900">
        <h2 id="confirm-title" className="text-sm font-semibold text-slate-900 dark:text-slate-100">
          {t(`confirm.${action}.title`, { name: vmName })}
        </h2>
        <p className="mt-2 text-[13px] leading-5 text-slate-600 dark:text-slate-300">{t(`confirm.${action}.body`, { name: vmName })}</p>
        {needsName && (
          <label className="mt-3 block text-sm text-slate-700 dark:text-slate-300">
            {t('confirm.typeName', { name: vmName })}
            <input
              autoFocus
              value={typed}
              onChange={(e) => setTyped(e.target.value)}
              data-testid="confirm-name"
              className="mt-1 block w-full rounded border border-slate-300 bg-white px-2 py-1.5 font-mono text-sm dark:border-slate-700 dark:bg-slate-950"
            />
          </label>
        )}
        <div className="mt-4 flex justify-end gap-2">
          <button type="button" className={buttonClasses('secondary')} onClick={onCancel}>
            {t('common:actions.cancel')}
          </button>
          <button
            type="button"
            disabled={!ok || busy}
            className={buttonClasses('danger')}
            onClick={onConfirm}
            data-testid="confirm-ok"
          >
            {t(`action.${action}`)}
          </button>
        </div>
      </div>
    </div>
  );
}
