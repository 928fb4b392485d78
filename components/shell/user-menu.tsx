'use client';
/** Signed-in identity (user, groups, auth mode) and sign out. */
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { stopAllWatches } from '@/lib/k8s/watch-registry';
import type { SessionUser } from '@/lib/api/session';
import { signOut } from '@/lib/query/session';
import { IconUser } from '../ui/icons';
import { MenuButton, Popover } from '../ui/popover';

export function UserMenu({ user, mode, csrfToken }: { user: SessionUser; mode: string; csrfToken: string }) {
  const { t } = useTranslation('shell');
  const client = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const doSignOut = async () => {
    try {
      await signOut(csrfToken);
      stopAllWatches(client);
      client.clear();
      window.location.assign('/');
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  };
  return (
    <Popover
      align="right"
      panelClassName="w-64"
      trigger={({ open, toggle }) => (
        <MenuButton open={open} toggle={toggle} label={t('user.menu')} testId="user-menu" className="gap-1.5 px-2 text-slate-100 hover:bg-white/10">
          <span className="flex h-5 w-5 items-center justify-center rounded-full bg-blue-500/30 text-blue-100">
            <IconUser width={12} height={12} />
          </span>
          <span className="max-w-40 truncate">{user.username}</span>
        </MenuButton>
      )}
    >
      {() => (
        <div role="menu" aria-label={t('user.menu')}>
          <div className="border-b border-slate-200 px-3 py-2 dark:border-slate-800">
            <div className="text-xs text-slate-500 dark:text-slate-400">{t('user.signedInAs')}</div>
            <div className="truncate font-semibold">{user.username}</div>
            <div className="mt-1 text-xs text-slate-500 dark:text-slate-400">{t('user.mode', { mode })}</div>
            {user.groups.length > 0 && (
              <div className="mt-1 text-xs text-slate-500 dark:text-slate-400">
                {t('user.groups')}: {user.groups.join(', ')}
              </div>
            )}
          </div>
          <button type="button" role="menuitem" onClick={() => void doSignOut()} className="w-full px-3 py-1.5 text-left hover:bg-slate-100 dark:hover:bg-slate-800">
            {t('user.signOut')}
          </button>
          {error && <div className="px-3 pb-2 text-xs text-red-600">{t('user.signOutFailed', { message: error })}</div>}
        </div>
      )}
    </Popover>
  );
}
