'use client';
/**
 * After a move the source site keeps the VM, stopped (upstream leaves it Halted), so the fleet
 * lists it twice. Says so, and deletes that copy when asked, through the one VM action path.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '@/components/ui/button';
import { ApiErrorMessage } from '@/components/vm/actions/api-error-message';
import { sendAction } from '@/lib/vm/send-action';

export function CrossSiteSourceCopy({
  site,
  namespace,
  name,
}: {
  site: string;
  namespace: string;
  name: string;
}) {
  const { t } = useTranslation('cross-site');
  const [state, setState] = useState<'kept' | 'deleting' | 'deleted'>('kept');
  const [error, setError] = useState<unknown>();
  const remove = async () => {
    setState('deleting');
    setError(undefined);
    try {
      await sendAction(site, 'delete', namespace, name);
      setState('deleted');
    } catch (e) {
      setError(e);
      setState('kept');
    }
  };
  if (state === 'deleted')
    return (
      <p className="text-slate-600 dark:text-slate-400" data-testid="xsite-source-deleted">
        {t('sourceDeleted', { site })}
      </p>
    );
  return (
    <div className="space-y-1" data-testid="xsite-source-copy">
      <p className="text-slate-600 dark:text-slate-400">{t('sourceKept', { site })}</p>
      <Button
        variant="secondary"
        disabled={state === 'deleting'}
        onClick={() => void remove()}
        data-testid="xsite-source-delete"
      >
        {t('sourceDelete', { site })}
      </Button>
      {error !== undefined && <ApiErrorMessage error={error} title={t('sourceDeleteFailed')} />}
    </div>
  );
}
