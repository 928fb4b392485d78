'use client';
/** Masthead: brand, site switcher, language, theme and the signed-in user. */
import Link from 'next/link';
import { Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import type { SiteStatus } from '@/lib/api/sites';
import type { SessionUser } from '@/lib/api/session';
import { routes } from '@/lib/routes';
import { IconLogo } from '../ui/icons';
import { LanguageSwitch } from './language-switch';
import { SiteSwitcher } from './site-switcher';
import { ThemeToggle } from './theme-toggle';
import { UserMenu } from './user-menu';

export interface HeaderProps {
  clusters?: SiteStatus[];
  session?: { user: SessionUser; mode: string; csrfToken: string };
}

export function Header({ clusters, session }: HeaderProps) {
  const { t } = useTranslation('shell');
  return (
    <header className="flex h-12 shrink-0 items-center gap-3 border-b border-black/20 bg-slate-900 px-3 text-slate-100 dark:bg-slate-950">
      <Link href={routes.home()} prefetch={false} className="flex items-center gap-2 pr-2 text-[15px] font-semibold tracking-tight">
        <IconLogo />
        <span>{t('common:product')}</span>
      </Link>
      {clusters && clusters.length > 0 && (
        <Suspense>
          <SiteSwitcher clusters={clusters} />
        </Suspense>
      )}
      <div className="flex-1" />
      <LanguageSwitch />
      <ThemeToggle />
      {session && <UserMenu user={session.user} mode={session.mode} csrfToken={session.csrfToken} />}
    </header>
  );
}
