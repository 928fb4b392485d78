'use client';
import { useTranslation } from 'react-i18next';

export interface TakeoverDialogProps {
  detail?: string;
  onConfirm(): void;
  onCancel(): void;
}

/** Asks before ending another viewer's VNC session (KubeVirt allows one at a time). */
export function TakeoverDialog({ detail, onConfirm, onCancel }: TakeoverDialogProps) {
  const { t } = useTranslation('console');
  return (
    <div className="absolute inset-0 z-20 flex items-center justify-center bg-black/50 p-4" data-testid="takeover-dialog">
      <div role="alertdialog" aria-labelledby="takeover-title" className="max-w-md rounded-lg bg-white p-5 shadow-xl dark:bg-zinc-900">
        <h2 id="takeover-title" className="text-base font-semibold text-zinc-900 dark:text-zinc-100">
          {t('takeover.title')}
        </h2>
        <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-300">{t('takeover.body')}</p>
        {detail && <p className="mt-2 font-mono text-xs text-zinc-500">{detail}</p>}
        <div className="mt-4 flex justify-end gap-2">
          <button type="button" className="rounded border border-zinc-300 px-3 py-1.5 text-sm dark:border-zinc-700" onClick={onCancel}>
            {t('takeover.cancel')}
          </button>
          <button
            type="button"
            className="rounded bg-rose-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-rose-700"
            onClick={onConfirm}
            data-testid="takeover-confirm"
          >
            {t('takeover.confirm')}
          </button>
        </div>
      </div>
    </div>
  );
}
