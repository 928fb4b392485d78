'use client';
import { useTranslation } from 'react-i18next';
import { KubeApiError } from '@/lib/k8s/kube-api-error';

export interface ApiErrorMessageProps {
  error: unknown;
  /** What was being done, already translated (e.g. "Start failed"). */
  title?: string;
  onDismiss?(): void;
}

/** A cluster error in words: the apiserver's message, its reason and HTTP code, and field causes. */
export function ApiErrorMessage({ error, title, onDismiss }: ApiErrorMessageProps) {
  const { t } = useTranslation('vm-details');
  const e = error instanceof KubeApiError ? error : undefined;
  const message = e?.message ?? (error instanceof Error ? error.message : String(error));
  return (
    <div role="alert" data-testid="api-error" className="rounded border border-rose-300 bg-rose-50 px-3 py-2 text-sm text-rose-900 dark:border-rose-800 dark:bg-rose-950/50 dark:text-rose-200">
      <div className="flex items-start gap-2">
        <div className="min-w-0 flex-1">
          {title && <p className="font-medium">{title}</p>}
          <p className="break-words">{message}</p>
          {e && (
            <p className="mt-0.5 text-xs opacity-80">
              {t('error.reason', { reason: e.reason, code: e.code })}
            </p>
          )}
          {e && e.causes.length > 0 && (
            <ul className="mt-1 list-disc pl-5 text-xs">
              {e.causes.map((c, i) => (
                <li key={i}>
                  {c.field && <code className="font-mono">{c.field}</code>} {c.message}
                </li>
              ))}
            </ul>
          )}
        </div>
        {onDismiss && (
          <button type="button" onClick={onDismiss} className="text-xs underline" aria-label={t('common:actions.dismiss')}>
            {t('common:actions.dismiss')}
          </button>
        )}
      </div>
    </div>
  );
}
