'use client';
/**
 * The VM's RestartRequired condition (a network change the running VMI cannot take) said in
 * words, with the restart offered as the action bar offers it (same verdict, same request).
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '@/components/ui/button';
import { useActionReason } from '@/components/vm/actions/use-action-reason';
import { useVmPermissions } from '@/components/vm/actions/use-vm-permissions';
import { ApiErrorMessage } from '@/components/vm/actions/api-error-message';
import type { VirtualMachine } from '@/lib/k8s/resources/virtual-machine';
import type { VirtualMachineInstance } from '@/lib/k8s/resources/virtual-machine-instance';
import { vmAction } from '@/lib/vm/actions';
import { sendAction } from '@/lib/vm/send-action';

export function RestartRequired({
  site,
  vm,
  vmi,
}: {
  site: string;
  vm: VirtualMachine;
  vmi: VirtualMachineInstance | undefined;
}) {
  const { t } = useTranslation('network');
  const ns = vm.metadata.namespace ?? '';
  const name = vm.metadata.name ?? '';
  const permissions = useVmPermissions(site, ns, name);
  const reasonOf = useActionReason();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const cond = vm.status?.conditions?.find((c) => c.type === 'RestartRequired' && c.status === 'True');
  if (!cond) return null;
  const action = vmAction('restart', vm, vmi, permissions);
  const restart = () => {
    setBusy(true);
    setError(undefined);
    sendAction(site, 'restart', ns, name)
      .catch((e: unknown) => setError(e))
      .finally(() => setBusy(false));
  };
  return (
    <div
      className="mb-3 space-y-2 rounded border border-amber-300 bg-amber-50 px-3 py-2 text-[13px] text-amber-900 dark:border-amber-800 dark:bg-amber-950/50 dark:text-amber-200"
      data-testid="restart-required"
    >
      <p>{t('restart.needed')}</p>
      {cond.message && <p className="text-xs opacity-80">{cond.message}</p>}
      <span title={action.disabled ? reasonOf(action) : undefined} className="inline-flex">
        <Button onClick={restart} disabled={action.disabled || busy} data-testid="restart-now">
          {t('restart.action')}
        </Button>
      </span>
      {error !== undefined && <ApiErrorMessage error={error} onDismiss={() => setError(undefined)} />}
    </div>
  );
}
