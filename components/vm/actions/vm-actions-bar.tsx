'use client';
/**
 * The action buttons of one VM. Availability comes from `vmActions` (pure, unit-tested); the
 * reason a button is disabled is its tooltip and is also read out for screen readers.
 */
import { useMutation } from '@tanstack/react-query';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { buttonClasses } from '@/components/ui/button';
import type { RequestAction } from '@/lib/vm/action-requests';
import { sendAction } from '@/lib/vm/send-action';
import { vmActions, type ActionVm, type ActionVmi, type VmAction, type VmActionId } from '@/lib/vm/actions';
import { routes, vmConsole } from '@/lib/routes';
import { ApiErrorMessage } from './api-error-message';
import { ConfirmActionDialog } from './confirm-action-dialog';
import { useActionReason } from './use-action-reason';
import { useVmPermissions } from './use-vm-permissions';

export interface VmActionsBarProps {
  site: string;
  vm: ActionVm & { metadata: { name?: string; namespace?: string } };
  vmi: ActionVmi | undefined;
}

const NORMAL = buttonClasses('secondary', 'disabled:opacity-45');
const DANGER = buttonClasses('secondary', 'text-red-700! dark:text-red-300! disabled:opacity-45');

/** Header actions: start, stop, restart, pause, unpause, migrate, console, force stop, delete. */
export function VmActionsBar({ site, vm, vmi }: VmActionsBarProps) {
  const { t } = useTranslation('vm-details');
  const router = useRouter();
  const namespace = vm.metadata.namespace ?? '';
  const name = vm.metadata.name ?? '';
  const permissions = useVmPermissions(site, namespace, name);
  const reasonOf = useActionReason();
  const [confirming, setConfirming] = useState<VmActionId | null>(null);
  const [done, setDone] = useState<VmActionId | null>(null);
  const run = useMutation({
    mutationFn: async (id: RequestAction) => {
      await sendAction(site, id, namespace, name);
      return id;
    },
    onSuccess: (id) => {
      setConfirming(null);
      setDone(id);
      if (id === 'delete') router.push(routes.vms(site));
    },
    onError: () => setConfirming(null),
  });
  const actions = vmActions(vm, vmi, permissions);
  const trigger = (a: VmAction) => {
    if (a.id === 'console') return;
    setDone(null);
    run.reset();
    if (a.destructive) setConfirming(a.id);
    else run.mutate(a.id);
  };
  return (
    <div className="flex flex-col items-end gap-2" data-testid="vm-actions">
      <div className="flex flex-wrap justify-end gap-2">
        {actions.map((a) => {
          const reason = a.disabled ? reasonOf(a) : undefined;
          if (a.id === 'console' && !a.disabled) {
            return (
              <Link key={a.id} href={vmConsole(site, namespace, name, 'vnc')} className={NORMAL} data-action="console">
                {t('common:noun.console')}
              </Link>
            );
          }
          return (
            <span key={a.id} title={reason} className="inline-flex">
              <button
                type="button"
                data-action={a.id}
                disabled={a.disabled || run.isPending}
                aria-describedby={reason ? `why-${a.id}` : undefined}
                className={a.id === 'delete' || a.id === 'forceStop' ? DANGER : NORMAL}
                onClick={() => trigger(a)}
              >
                {run.isPending && run.variables === a.id ? t('action.working') : t(a.labelKey)}
              </button>
              {reason && (
                <span id={`why-${a.id}`} className="sr-only" data-reason-for={a.id}>
                  {reason}
                </span>
              )}
            </span>
          );
        })}
      </div>
      {done && done !== 'delete' && (
        <p className="text-xs text-emerald-700 dark:text-emerald-400" role="status" data-testid="action-done">
          {t('action.sent', { action: t(`action.${done}`) })}
        </p>
      )}
      {run.error && (
        <div className="w-full max-w-xl">
          <ApiErrorMessage error={run.error} title={t('action.failed', { action: t(`action.${run.variables ?? 'start'}`) })} onDismiss={() => run.reset()} />
        </div>
      )}
      {confirming && (
        <ConfirmActionDialog
          action={confirming}
          vmName={name}
          busy={run.isPending}
          onCancel={() => setConfirming(null)}
          onConfirm={() => confirming !== 'console' && run.mutate(confirming)}
        />
      )}
    </div>
  );
}
