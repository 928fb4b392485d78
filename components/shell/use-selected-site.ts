'use client';
/** The site chosen in the header, kept in the URL (`?site=`) so links and reloads keep it. */
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useCallback } from 'react';
import { routes } from '@/lib/routes';

export const ALL_SITES = 'all';

export function useSelectedSite(): { site: string; setSite: (site: string) => void } {
  const params = useSearchParams();
  const pathname = usePathname();
  const router = useRouter();
  const site = params.get('site') || ALL_SITES;
  const setSite = useCallback(
    (next: string) => {
      if (pathname !== '/vms') {
        router.push(routes.vms(next === ALL_SITES ? undefined : next));
        return;
      }
      const q = new URLSearchParams(params.toString());
      if (next === ALL_SITES) q.delete('site');
      else q.set('site', next);
      // A namespace belongs to one site's view; carrying it across sites would hide everything.
      q.delete('namespace');
      const s = q.toString();
      // Same page, new query: history.replaceState is observed by Next's router and costs no
      // server round trip (the list reads everything from the URL on the client).
      window.history.replaceState(null, '', s ? `${pathname}?${s}` : pathname);
    },
    [params, pathname, router],
  );
  return { site, setSite };
}
