'use client';
/**
 * The frame every page lives in. Signed out → how to sign in; no cluster → an honest empty
 * state; otherwise header + navigation + the page.
 */
import { usePathname } from 'next/navigation';
import { Suspense, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useWatchRecovery } from '@/lib/k8s/hooks/use-watch-recovery';
import { useSites } from '@/lib/query/sites';
import { useSession } from '@/lib/query/session';
import { Button } from '../ui/button';
import { EmptyState } from '../ui/empty-state';
import { IconWarning } from '../ui/icons';
import { Header } from './header';
import { NoCluster } from './no-cluster';
import { SideNav } from './side-nav';
import { SignedOut } from './signed-out';

function Loading() {
  const { t } = useTranslation('shell');
  return (
    <div className="flex flex-1 items-center justify-center text-sm text-slate-500" role="status">
      {t('common:state.loading')}
    </div>
  );
}

/** Routes rendered without the console frame: embeds in other portals' iframes, the NOC kiosk. */
const BARE_PREFIXES = ['/embed', '/noc'];

export function AppShell({ children }: { children: ReactNode }) {
  const pathname = usePathname();
  if (BARE_PREFIXES.some((p) => pathname === p || pathname.startsWith(`${p}/`))) return <>{children}</>;
  return <FramedShell>{children}</FramedShell>;
}

function FramedShell({ children }: { children: ReactNode }) {
  const { t } = useTranslation('shell');
  const session = useSession();
  // Sites are asked for alongside the session, not after it: one round trip less before the
  // first rows on a slow link. While signed out their 401 is never shown (the sign-in is).
  const clusters = useSites(session.data?.authenticated !== false);
  useWatchRecovery(clusters.data);
  const authed = session.data?.authenticated ? session.data : undefined;

  let body: ReactNode;
  if (session.isPending) body = <Loading />;
  else if (session.isError)
    body = (
      <EmptyState icon={<IconWarning width={24} height={24} />} title={t('session.error', { message: session.error.message })} actions={<Button onClick={() => void session.refetch()}>{t('common:actions.retry')}</Button>} />
    );
  else if (!authed)
    body = (
      <Suspense>
        <SignedOut hint={session.data.authenticated ? undefined : session.data.signIn} />
      </Suspense>
    );
  else if (clusters.isPending) body = <Loading />;
  else if (clusters.isError)
    body = (
      <EmptyState icon={<IconWarning width={24} height={24} />} title={t('sites.error', { message: clusters.error.message })} actions={<Button onClick={() => void clusters.refetch()}>{t('common:actions.retry')}</Button>} />
    );
  else if (clusters.data.length === 0) body = <NoCluster />;
  else body = children;

  return (
    <div className="flex h-screen flex-col bg-white text-slate-900 dark:bg-slate-950 dark:text-slate-100">
      <Header clusters={clusters.data} session={authed ? { user: authed.user, mode: authed.mode, csrfToken: authed.csrfToken } : undefined} />
      <div className="flex min-h-0 flex-1">
        {authed && <SideNav />}
        <main id="main" className="flex min-w-0 flex-1 flex-col">
          {body}
        </main>
      </div>
    </div>
  );
}
